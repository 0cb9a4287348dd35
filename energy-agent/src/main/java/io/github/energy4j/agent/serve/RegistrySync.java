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
 * Micrometer's weak references to function counters cannot lose them. Not thread-safe: callers serialize
 * {@link #apply} with scrapes.
 */
final class RegistrySync {

    /** The value a meter reads; strongly held here. */
    static final class Holder {
        volatile double value;
        Meter meter;
    }

    private final MeterRegistry registry;
    private final Map<String, Holder> live = new HashMap<>();
    private Set<String> seen = new HashSet<>();

    RegistrySync(MeterRegistry registry) {
        this.registry = registry;
    }

    void begin() {
        seen = new HashSet<>();
    }

    void put(Series s) {
        String key = s.name() + new TreeMap<>(s.tags());
        seen.add(key);
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

    /** Removes the meters no {@link #put} named since {@link #begin}; returns how many. */
    int end() {
        int removed = 0;
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
        return live.size();
    }
}
