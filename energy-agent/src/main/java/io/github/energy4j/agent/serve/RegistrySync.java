package io.github.energy4j.agent.serve;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the exposition equal to the latest set of {@link Series}: adds new series, updates the values of existing
 * ones, removes the ones that disappeared, and writes them as Prometheus text (0.0.4) or OpenMetrics 1.0 with
 * {@link #expose}.
 *
 * <p>The series are encoded here rather than registered as Micrometer meters: at process level a node exports
 * tens of thousands of series, and the registry's scrape built a snapshot object graph of every meter before
 * writing it (about 3 KB per series on every scrape), plus meter registration and removal on every process that
 * came or went. Here a scrape is one pass over the live series into one reused {@link StringBuilder}, the labels of
 * a series are escaped once when it first appears, and {@link #put} of an existing series only stores its value.
 * The output is byte for byte what Micrometer's Prometheus registry writes for the same meters (the test
 * {@code RegistrySyncTest} compares both on random series): families in name order, counters named with
 * Micrometer's {@link PrometheusNamingConvention} ({@code _total}; {@code # TYPE} without it in OpenMetrics),
 * labels sorted by name with the common labels added, series sorted by label names then values, values as
 * {@link Double#toString} with {@code +Inf}/{@code -Inf}. Anything else registered on the registry passed in is
 * written first, unchanged.
 *
 * <p>Series named {@code *_info} (value 1, the labels carry the information) are gauges in Kepler
 * ({@code kepler_build_info}, {@code kepler_node_cpu_info}, {@code kepler_node_gpu_info}: {@code GaugeValue} in its
 * collectors, GAUGE in its metrics documentation). Neither a Micrometer gauge (exposed without the suffix) nor the
 * Prometheus Java client (which reserves the suffix for OpenMetrics {@code info} families) can expose a gauge of that
 * name, so they are written after the other families, as gauges in both formats, with the common labels.
 * Not thread-safe: callers serialize {@link #begin}, {@link #put}, {@link #end} and {@link #expose} with scrapes.
 */
final class RegistrySync {

    /** One family: a metric name and its series, in exposition order. */
    private static final class Family {
        final String base;
        final String sample;
        final boolean counter;
        String help;
        final TreeMap<LabelKey, Entry> series = new TreeMap<>();

        Family(String base, String sample, boolean counter, String help) {
            this.base = base;
            this.sample = sample;
            this.counter = counter;
            this.help = help;
        }
    }

    /** One series: its labels already escaped ({@code {a="x",b="y"}}), its latest value. */
    private static final class Entry {
        final String labels;
        double value;
        long seen;

        Entry(String labels) {
            this.labels = labels;
        }
    }

    /** Label names (sorted) and values; ordered as the Prometheus client orders series: names first, then values. */
    private record LabelKey(String[] names, String[] values) implements Comparable<LabelKey> {

        @Override
        public int compareTo(LabelKey o) {
            int c = compare(names, o.names);
            return c != 0 ? c : compare(values, o.values);
        }

        private static int compare(String[] a, String[] b) {
            int n = Math.min(a.length, b.length);
            for (int i = 0; i < n; i++) {
                int c = a[i].compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.length, b.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelKey k && Arrays.equals(names, k.names) && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
        }
    }

    /** One {@code *_info} gauge family: its help and its series (labels in exposition form, by key). */
    private static final class InfoFamily {
        String help = "";
        final Map<String, String> series = new TreeMap<>();
    }

    private static final PrometheusNamingConvention NAMING = new PrometheusNamingConvention();

    private final Map<String, String> commonLabels;
    private final Map<String, Family> byName = new HashMap<>();
    private final TreeMap<String, Family> families = new TreeMap<>();
    private final Map<String, InfoFamily> infos = new TreeMap<>();
    private Set<String> seen = new HashSet<>();
    private final StringBuilder out = new StringBuilder(1 << 16);
    private long epoch;
    private int live;

    RegistrySync(MeterRegistry registry) {
        this(registry, Map.of());
    }

    /**
     * @param registry     the registry whose scrape {@link #expose} receives; its own meters, if any, are written
     *                     before the series of this class
     * @param commonLabels labels added to every series (the registry's common tags)
     */
    RegistrySync(MeterRegistry registry, Map<String, String> commonLabels) {
        this.commonLabels = Map.copyOf(commonLabels);
    }

    void begin() {
        epoch++;
        seen = new HashSet<>();
    }

    void put(Series s) {
        if (s.name().endsWith("_info")) {
            String key = s.name() + new TreeMap<>(s.tags());
            seen.add(key);
            putInfo(key, s);
            return;
        }
        Family f = byName.get(s.name());
        if (f == null) {
            f = family(s);
        }
        LabelKey key = labelKey(s.tags());
        Entry e = f.series.get(key);
        if (e == null) {
            e = new Entry(labels(key));
            f.series.put(key, e);
            live++;
        }
        e.value = s.value();
        e.seen = epoch;
    }

    /** A new family, named as Micrometer's Prometheus registry names the meter. */
    private Family family(Series s) {
        String name = NAMING.name(s.name(), s.counter() ? Meter.Type.COUNTER : Meter.Type.GAUGE, s.unit());
        // the Prometheus client names a counter family without _total and writes its samples with it
        String base = s.counter() && name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
        Family f = new Family(base, s.counter() ? base + "_total" : base, s.counter(),
                s.help() == null ? "" : s.help());
        byName.put(s.name(), f);
        families.put(base, f);
        return f;
    }

    private LabelKey labelKey(Map<String, String> tags) {
        int n = tags.size();
        for (String k : commonLabels.keySet()) {
            n += tags.containsKey(k) ? 0 : 1;
        }
        String[] names = new String[n];
        String[] values = new String[n];
        int i = 0;
        for (Map.Entry<String, String> e : commonLabels.entrySet()) {
            // a series' own tag wins over a common tag of the same name, as in Micrometer
            if (!tags.containsKey(e.getKey())) {
                names[i] = NAMING.tagKey(e.getKey());
                values[i++] = e.getValue();
            }
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            names[i] = NAMING.tagKey(e.getKey());
            values[i++] = e.getValue();
        }
        // insertion sort by name: a handful of labels
        for (int a = 1; a < n; a++) {
            String kn = names[a];
            String kv = values[a];
            int b = a - 1;
            while (b >= 0 && names[b].compareTo(kn) > 0) {
                names[b + 1] = names[b];
                values[b + 1] = values[b];
                b--;
            }
            names[b + 1] = kn;
            values[b + 1] = kv;
        }
        return new LabelKey(names, values);
    }

    private static String labels(LabelKey k) {
        if (k.names().length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(16 * k.names().length);
        b.append('{');
        for (int i = 0; i < k.names().length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(k.names()[i]).append("=\"");
            escape(k.values()[i], true, b);
            b.append('"');
        }
        return b.append('}').toString();
    }

    private void putInfo(String key, Series s) {
        InfoFamily f = infos.computeIfAbsent(s.name(), n -> new InfoFamily());
        f.help = s.help();
        TreeMap<String, String> labels = new TreeMap<>(commonLabels);
        labels.putAll(s.tags());
        StringBuilder line = new StringBuilder(s.name()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            line.append(first ? "" : ",").append(e.getKey()).append("=\"");
            escape(e.getValue(), true, line);
            line.append('"');
            first = false;
        }
        line.append("} ").append(number(s.value())).append('\n');
        f.series.put(key, line.toString());
    }

    /** Removes the series no {@link #put} named since {@link #begin}; returns how many. */
    int end() {
        int removed = 0;
        for (var families = infos.values().iterator(); families.hasNext(); ) {
            InfoFamily f = families.next();
            for (var it = f.series.keySet().iterator(); it.hasNext(); ) {
                if (!seen.contains(it.next())) {
                    it.remove();
                    removed++;
                }
            }
            if (f.series.isEmpty()) {
                families.remove();
            }
        }
        for (var fs = families.values().iterator(); fs.hasNext(); ) {
            Family f = fs.next();
            for (var it = f.series.values().iterator(); it.hasNext(); ) {
                if (it.next().seen != epoch) {
                    it.remove();
                    removed++;
                    live--;
                }
            }
            if (f.series.isEmpty()) {
                fs.remove();
                byName.values().remove(f);
            }
        }
        return removed;
    }

    int size() {
        int n = live;
        for (InfoFamily f : infos.values()) {
            n += f.series.size();
        }
        return n;
    }

    /**
     * The exposition: {@code body} (what the registry passed in wrote for its own meters, normally nothing), then the
     * series of this class, then the {@code *_info} gauges; OpenMetrics when {@code body} ends with {@code # EOF}.
     * Allocates the returned string and, when the output grew, the buffer; nothing per series.
     */
    String expose(String body) {
        boolean openMetrics = body.endsWith("# EOF\n");
        StringBuilder b = out;
        b.setLength(0);
        b.append(body, 0, openMetrics ? body.length() - "# EOF\n".length() : body.length());
        for (Family f : families.values()) {
            String name = openMetrics ? f.base : f.sample;
            String type = f.counter ? "counter" : "gauge";
            if (openMetrics) {
                b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
                b.append("# HELP ").append(name).append(' ');
                escape(f.help, false, b);
                b.append('\n');
            } else {
                b.append("# HELP ").append(name).append(' ');
                escape(f.help, false, b);
                b.append('\n');
                b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            }
            for (Entry e : f.series.values()) {
                b.append(f.sample).append(e.labels).append(' ');
                value(e.value, b);
                b.append('\n');
            }
        }
        for (Map.Entry<String, InfoFamily> e : infos.entrySet()) {
            StringBuilder help = new StringBuilder();
            escape(e.getValue().help, false, help);
            String helpLine = "# HELP " + e.getKey() + " " + help + "\n";
            String typeLine = "# TYPE " + e.getKey() + " gauge\n";
            // OpenMetrics writes TYPE before HELP, the Prometheus client's text format HELP first
            b.append(openMetrics ? typeLine : helpLine).append(openMetrics ? helpLine : typeLine);
            for (String line : e.getValue().series.values()) {
                b.append(line);
            }
        }
        if (openMetrics) {
            b.append("# EOF\n");
        }
        String text = b.toString();
        if (b.capacity() > 4 * Math.max(b.length(), 1 << 16)) {
            // a burst of series once should not pin a large buffer for the life of the agent
            out.setLength(0);
            out.trimToSize();
        }
        return text;
    }

    /** As the Prometheus client writes a sample value. */
    private static void value(double v, StringBuilder b) {
        if (v == Double.POSITIVE_INFINITY) {
            b.append("+Inf");
        } else if (v == Double.NEGATIVE_INFINITY) {
            b.append("-Inf");
        } else {
            b.append(v);
        }
    }

    /** Backslash and line feed in HELP; also the double quote in label values (both formats escape alike). */
    private static void escape(String s, boolean labelValue, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && labelValue) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
    }
}
