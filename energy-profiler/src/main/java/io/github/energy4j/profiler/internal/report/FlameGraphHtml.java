package io.github.energy4j.profiler.internal.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML energy flame graph: the page, its style and its script come from this jar
 * ({@code flamegraph.html}, {@code .css}, {@code .js} beside this class) and the profile is embedded as JSON, so the
 * file opens offline and loads nothing. A pure function of the profile.
 */
public final class FlameGraphHtml {

    private static final String TEMPLATE = resource("flamegraph.html");
    private static final String CSS = resource("flamegraph.css");
    private static final String JS = resource("flamegraph.js");

    /** Rows of the page's method table. */
    static final int TABLE_ROWS = 15;

    private FlameGraphHtml() {
    }

    /** The page. */
    public static String format(EnergyProfile p) {
        Map<String, String> values = new HashMap<>();
        values.put("title", "Energy flame graph: " + Text.html(p.summary().application()) + " (pid "
                + p.summary().pid() + ")");
        values.put("statement", Text.html(Text.statement(p.summary())));
        values.put("css", CSS.strip());
        values.put("js", JS.strip());
        values.put("table", table(MethodTable.rows(p)));
        values.put("data", data(p));
        return fill(TEMPLATE, values);
    }

    /**
     * The embedded data: {@code {"unit":"mJ","frames":[...],"nodes":[[frame,parent,selfMilliJoules],...]}} with only
     * the nodes that carry energy (themselves or below), renumbered in order, node 0 the root (frame -1). Self energy
     * in millijoules with 3 decimals. Safe inside a script element ({@code <} is escaped).
     */
    static String data(EnergyProfile p) {
        double[] total = p.totalJoules();
        int n = p.nodes();
        int[] renumber = new int[n];
        Map<String, Integer> frameIndex = new HashMap<>();
        StringBuilder frames = new StringBuilder();
        StringBuilder nodes = new StringBuilder("[-1,-1,0]");
        int next = 1;
        for (int i = 1; i < n; i++) {
            if (!(total[i] > 0)) {
                renumber[i] = -1;
                continue;
            }
            renumber[i] = next++;
            Integer f = frameIndex.get(p.frame(i));
            if (f == null) {
                f = frameIndex.size();
                frameIndex.put(p.frame(i), f);
                frames.append(f == 0 ? "" : ",").append(Text.json(p.frame(i)));
            }
            nodes.append(",[").append(f).append(',').append(renumber[p.parent(i)]).append(',')
                    .append(Text.fixed(p.selfJoules(i) * 1000, 3)).append(']');
        }
        return "{\"unit\":\"mJ\",\"frames\":[" + frames + "],\"nodes\":[" + nodes + "]}";
    }

    private static String table(List<MethodTable.Row> rows) {
        StringBuilder b = new StringBuilder("<table>\n<thead><tr><th>method</th><th>self J</th><th>total J</th>"
                + "<th>share</th><th>samples</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows.size() && i < TABLE_ROWS; i++) {
            MethodTable.Row r = rows.get(i);
            b.append("<tr><td>").append(Text.html(r.method())).append("</td><td>").append(Text.fixed(r.selfJoules(), 3))
                    .append("</td><td>").append(Text.fixed(r.totalJoules(), 3)).append("</td><td>")
                    .append(Text.percent(r.share())).append("</td><td>").append(r.samples()).append("</td></tr>\n");
        }
        return b.append("</tbody>\n</table>").toString();
    }

    /** Replaces each {@code {{name}}} of {@code template} in one pass, so no value is scanned for placeholders. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder b = new StringBuilder(template.length() + 4096);
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            String key = template.substring(open + 2, close);
            String v = values.get(key);
            if (v == null) {
                throw new IllegalStateException("no value for {{" + key + "}} in the page template");
            }
            b.append(template, at, open).append(v);
            at = close + 2;
        }
        return b.append(template, at, template.length()).toString();
    }

    private static String resource(String name) {
        try (InputStream in = FlameGraphHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the profiler's jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
