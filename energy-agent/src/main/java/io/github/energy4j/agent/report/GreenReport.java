package io.github.energy4j.agent.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link GreenSummary} as Markdown or as a self-contained HTML page with an inline SVG chart. */
public final class GreenReport {

    private GreenReport() {
    }

    public static String markdown(GreenSummary g, String carbonProvenance) {
        StringBuilder b = new StringBuilder(2048);
        b.append("# energy4j green-ops report\n\n");
        b.append(String.format(Locale.ROOT, "| | |%n|---|---|%n| Window | %.1f s |%n| Energy | %.6f kWh (%.1f J, %s) |%n",
                g.seconds(), g.kwh(), g.nodeJoules(), g.estimated() ? "estimated" : "measured"));
        if (!Double.isNaN(g.carbonGrams())) {
            b.append(String.format(Locale.ROOT, "| CO2e | %.4f g (%s) |%n", g.carbonGrams(), carbonProvenance));
        }
        b.append("| Idle share | ").append(percent(g.idleShare())).append(" |\n");
        b.append("| CPU utilisation | ").append(percent(g.cpuUtilisation())).append(" |\n");
        b.append("| GPU active share | ").append(percent(g.gpuActiveShare())).append(" |\n");
        if (!Double.isNaN(g.otherJoules())) {
            b.append(String.format(Locale.ROOT, "| Other (platform minus CPU/GPU) | %.1f J |%n", g.otherJoules()));
        }
        table(b, "By zone", "Zone", g.zoneJoules());
        table(b, "By namespace", "Namespace", g.namespaceJoules());
        if (!g.pods().isEmpty()) {
            b.append("\n## By pod\n\n| Namespace | Pod | Joules |\n|---|---|---:|\n");
            for (PodEnergy p : g.pods()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %.1f |%n", md(p.namespace()),
                        md(p.pod().isEmpty() ? p.podUid() : p.pod()), p.joules()));
            }
        }
        b.append("\n## Recommendations\n\n");
        if (g.recommendations().isEmpty()) {
            b.append("Nothing stands out in this window.\n");
        }
        for (String r : g.recommendations()) {
            b.append("- ").append(r).append('\n');
        }
        return b.toString();
    }

    public static String html(GreenSummary g, String carbonProvenance) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>energy4j report</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:52em;margin:2em auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}td.n{text-align:right}</style>")
                .append("</head><body>\n<h1>energy4j green-ops report</h1>\n<table>\n");
        row(b, "Window", String.format(Locale.ROOT, "%.1f s", g.seconds()));
        row(b, "Energy", String.format(Locale.ROOT, "%.6f kWh (%.1f J, %s)", g.kwh(), g.nodeJoules(),
                g.estimated() ? "estimated" : "measured"));
        if (!Double.isNaN(g.carbonGrams())) {
            row(b, "CO2e", String.format(Locale.ROOT, "%.4f g (%s)", g.carbonGrams(), carbonProvenance));
        }
        row(b, "Idle share", percent(g.idleShare()));
        row(b, "CPU utilisation", percent(g.cpuUtilisation()));
        row(b, "GPU active share", percent(g.gpuActiveShare()));
        if (!Double.isNaN(g.otherJoules())) {
            row(b, "Other (platform minus CPU/GPU)", String.format(Locale.ROOT, "%.1f J", g.otherJoules()));
        }
        b.append("</table>\n<h2>Node power</h2>\n").append(svg(g.trace(), 640, 200)).append('\n');
        htmlTable(b, "By zone", "Zone", g.zoneJoules());
        htmlTable(b, "By namespace", "Namespace", g.namespaceJoules());
        b.append("<h2>Recommendations</h2>\n<ul>\n");
        for (String r : g.recommendations()) {
            b.append("<li>").append(esc(r)).append("</li>\n");
        }
        if (g.recommendations().isEmpty()) {
            b.append("<li>Nothing stands out in this window.</li>\n");
        }
        return b.append("</ul>\n</body></html>\n").toString();
    }

    /** A line chart of node watts over the window; an explanatory text when there are fewer than two points. */
    static String svg(List<GreenSummary.PowerPoint> trace, int width, int height) {
        if (trace.size() < 2) {
            return "<p>Not enough samples for a chart.</p>";
        }
        double maxT = trace.get(trace.size() - 1).seconds();
        double maxW = 0;
        for (GreenSummary.PowerPoint p : trace) {
            maxW = Math.max(maxW, p.watts());
        }
        maxW = maxW <= 0 ? 1 : maxW * 1.1;
        int left = 50;
        int bottom = height - 25;
        StringBuilder pts = new StringBuilder();
        for (GreenSummary.PowerPoint p : trace) {
            double x = left + (width - left - 10) * (maxT > 0 ? p.seconds() / maxT : 0);
            double y = bottom - (bottom - 10) * (p.watts() / maxW);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "role=\"img\" aria-label=\"node power in watts over time\">"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                        + "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                        + "<text x=\"4\" y=\"18\" font-size=\"11\">%.1f W</text>"
                        + "<text x=\"4\" y=\"%d\" font-size=\"11\">0 W</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f s</text>"
                        + "<polyline fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\" points=\"%s\"/></svg>",
                width, height, left, bottom, width - 10, bottom, left, left, bottom, maxW, bottom, width - 10,
                height - 8, maxT, pts.toString().trim());
    }

    private static void table(StringBuilder b, String title, String col, Map<String, Double> m) {
        if (m.isEmpty()) {
            return;
        }
        b.append("\n## ").append(title).append("\n\n| ").append(col).append(" | Joules |\n|---|---:|\n");
        for (Map.Entry<String, Double> e : m.entrySet()) {
            b.append(String.format(Locale.ROOT, "| %s | %.1f |%n", md(e.getKey()), e.getValue()));
        }
    }

    private static void htmlTable(StringBuilder b, String title, String col, Map<String, Double> m) {
        if (m.isEmpty()) {
            return;
        }
        b.append("<h2>").append(title).append("</h2>\n<table><tr><th>").append(col).append("</th><th>Joules</th></tr>\n");
        for (Map.Entry<String, Double> e : m.entrySet()) {
            b.append("<tr><td>").append(esc(e.getKey())).append(String.format(Locale.ROOT,
                    "</td><td class=\"n\">%.1f</td></tr>%n", e.getValue()));
        }
        b.append("</table>\n");
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
