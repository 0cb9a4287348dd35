package io.github.energy4j.agent.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a registry's meters equal to the latest set of {@link Series}: registers new ones, updates the
 * values of existing ones, removes the ones that disappeared. Meters read a holder this class owns, so
 * Micrometer's weak references to function counters cannot lose them. Series named {@code *_info} (value 1,
 * labels carry the information) become Prometheus info metrics on the underlying Prometheus registry, since a
 * Micrometer gauge of that name is exposed without its {@code _info} suffix; they get the common labels
 * explicitly, as Micrometer's common tags do not reach them. Not thread-safe: callers serialize
 * {@link #begin}, {@link #put} and {@link #end} with scrapes.
 */
final class RegistrySync {

    /** The value a meter reads; strongly held here. */
    static final class Holder {
        volatile double value;
        Meter meter;
    }

    private final MeterRegistry registry;
    private final PrometheusRegistry prometheus;
    private final Map<String, String> commonLabels;
    private final Map<String, Holder> live = new HashMap<>();
    /** Info metrics by name, and the label values of each live info series by key. */
    private final Map<String, Info> infos = new HashMap<>();
    private final Map<String, String[]> liveInfo = new HashMap<>();
    private Set<String> seen = new HashSet<>();

    RegistrySync(MeterRegistry registry) {
        this(registry, null, Map.of());
    }

    /**
     * @param prometheus   where {@code *_info} series go; null to treat them as gauges
     * @param commonLabels labels added to info series (the registry's common tags)
     */
    RegistrySync(MeterRegistry registry, PrometheusRegistry prometheus, Map<String, String> commonLabels) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.commonLabels = Map.copyOf(commonLabels);
    }

    void begin() {
        seen = new HashSet<>();
    }

    void put(Series s) {
        String key = s.name() + new TreeMap<>(s.tags());
        seen.add(key);
        if (prometheus != null && s.name().endsWith("_info")) {
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
        if (liveInfo.containsKey(key)) {
            return; // an info series is its labels: nothing to update
        }
        TreeMap<String, String> labels = new TreeMap<>(commonLabels);
        labels.putAll(s.tags());
        Info info = infos.get(s.name());
        if (info == null) {
            info = Info.builder().name(s.name()).help(s.help()).labelNames(labels.keySet().toArray(new String[0]))
                    .register(prometheus);
            infos.put(s.name(), info);
        }
        String[] values = labels.values().toArray(new String[0]);
        info.addLabelValues(values);
        liveInfo.put(key, values);
    }

    /** Removes the meters no {@link #put} named since {@link #begin}; returns how many. */
    int end() {
        int removed = 0;
        for (var it = liveInfo.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String[]> e = it.next();
            if (!seen.contains(e.getKey())) {
                infos.get(e.getKey().substring(0, e.getKey().indexOf('{'))).remove(e.getValue());
                it.remove();
                removed++;
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
        return live.size() + liveInfo.size();
    }
}
