package io.github.energy4j.agent.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a registry's meters equal to the latest set of {@link Series}: registers new ones, updates the
 * values of existing ones, removes the ones that disappeared. Meters read a holder this class owns, so
 * Micrometer's weak references to function counters cannot lose them.
 *
 * <p>Series named {@code *_info} (value 1, the labels carry the information) are gauges in Kepler
 * ({@code kepler_build_info}, {@code kepler_node_cpu_info}, {@code kepler_node_gpu_info}: {@code GaugeValue} in its
 * collectors, GAUGE in its metrics documentation). Neither a Micrometer gauge (exposed without the suffix) nor the
 * Prometheus Java client (which reserves the suffix for OpenMetrics {@code info} families) can expose a gauge of that
 * name, so they are kept here and written into the exposition by {@link #expose}, as gauges in both formats, with
 * the common labels the registry adds to its own meters. Not thread-safe: callers serialize {@link #begin},
 * {@link #put}, {@link #end} and {@link #expose} with scrapes.
 */
final class RegistrySync {

    /** The value a meter reads; strongly held here. */
    static final class Holder {
        volatile double value;
        Meter meter;
    }

    /** One {@code *_info} gauge family: its help and its series (labels in exposition form, by key). */
    private static final class InfoFamily {
        String help = "";
        final Map<String, String> series = new TreeMap<>();
    }

    private final MeterRegistry registry;
    private final Map<String, String> commonLabels;
    private final Map<String, Holder> live = new HashMap<>();
    private final Map<String, InfoFamily> infos = new TreeMap<>();
    private Set<String> seen = new HashSet<>();

    RegistrySync(MeterRegistry registry) {
        this(registry, Map.of());
    }

    /** @param commonLabels labels added to the {@code *_info} gauges (the registry's common tags) */
    RegistrySync(MeterRegistry registry, Map<String, String> commonLabels) {
        this.registry = registry;
        this.commonLabels = Map.copyOf(commonLabels);
    }

    void begin() {
        seen = new HashSet<>();
    }

    void put(Series s) {
        String key = s.name() + new TreeMap<>(s.tags());
        seen.add(key);
        if (s.name().endsWith("_info")) {
            putInfo(key, s);
            return;
        }
        Holder h = live.get(key);
        if (h == null) {
            h = new Holder();
            Tags tags = Tags.empty();
            for (Map.Entry<String, String> e : s.tags().entrySet()) {
                tags = tags.and(e.getKey(), e.getValue());
            }
            h.meter = s.counter()
                    ? FunctionCounter.builder(s.name(), h, x -> x.value).description(s.help()).baseUnit(s.unit())
                    .tags(tags).register(registry)
                    : Gauge.builder(s.name(), h, x -> x.value).description(s.help()).baseUnit(s.unit()).tags(tags)
                    .strongReference(true).register(registry);
            live.put(key, h);
        }
        h.value = s.value();
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

    /** Removes the meters no {@link #put} named since {@link #begin}; returns how many. */
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
        for (var it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Holder> e = it.next();
            if (!seen.contains(e.getKey())) {
                registry.remove(e.getValue().meter);
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    int size() {
        int n = live.size();
        for (InfoFamily f : infos.values()) {
            n += f.series.size();
        }
        return n;
    }

    /**
     * The registry's exposition {@code body} with the {@code *_info} gauges added: after the other families in the
     * Prometheus text format, before the closing {@code # EOF} in OpenMetrics.
     */
    String expose(String body) {
        if (infos.isEmpty()) {
            return body;
        }
        boolean openMetrics = body.endsWith("# EOF\n");
        StringBuilder out = new StringBuilder(body.length() + 256 * size());
        out.append(body, 0, openMetrics ? body.length() - "# EOF\n".length() : body.length());
        for (Map.Entry<String, InfoFamily> e : infos.entrySet()) {
            StringBuilder help = new StringBuilder();
            escape(e.getValue().help, false, help);
            String helpLine = "# HELP " + e.getKey() + " " + help + "\n";
            String typeLine = "# TYPE " + e.getKey() + " gauge\n";
            // OpenMetrics writes TYPE before HELP, the Prometheus client's text format HELP first
            out.append(openMetrics ? typeLine : helpLine).append(openMetrics ? helpLine : typeLine);
            for (String line : e.getValue().series.values()) {
                out.append(line);
            }
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
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
