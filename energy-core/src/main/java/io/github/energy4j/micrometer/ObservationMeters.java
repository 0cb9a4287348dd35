package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters of {@link EnergyObservationHandler}: one name per observation name, with one tag-key set per name
 * (what Prometheus requires), fixed by the first observation of that name. Thread-safe.
 */
final class ObservationMeters {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationMeters.class);

    static final String SUFFIX = ".energy";
    static final String UNAVAILABLE = "energy.observation.unavailable";
    static final String PROVENANCE = "provenance";
    static final String MISSING = "none";

    private final MeterRegistry registry;
    /** Observation name to the sorted low-cardinality keys its counter has. */
    private final ConcurrentHashMap<String, String[]> keysByName = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    ObservationMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds the reading's CPU joules to the observation's counter, or counts it unavailable. */
    void record(Observation.ContextView context, EnergyReading r) {
        String name = context.getName();
        if (r.source() == Provenance.UNAVAILABLE || Double.isNaN(r.cpuJoules())) {
            Counter.builder(UNAVAILABLE).tag("observation", name)
                    .description("Observations whose energy could not be priced (no CPU clock or no power reading);"
                            + " they are not counted in <observation name>.energy")
                    .register(registry).increment();
            return;
        }
        Counter.builder(name + SUFFIX).baseUnit("joules").tags(tags(name, context, r.source()))
                .description("CPU energy charged to the observation's work, on every thread where it was current")
                .register(registry).increment(r.cpuJoules());
    }

    /**
     * The observation's low-cardinality key values as tags, plus {@code provenance}; keys beyond those of the first
     * observation of this name are dropped and missing ones read {@value #MISSING}, so the name keeps one key set.
     */
    List<Tag> tags(String name, Observation.ContextView context, Provenance provenance) {
        String[] keys = keysByName.get(name);
        if (keys == null) {
            TreeSet<String> own = new TreeSet<>();
            for (KeyValue kv : context.getLowCardinalityKeyValues()) {
                own.add(kv.getKey());
            }
            own.remove(PROVENANCE);
            keys = keysByName.computeIfAbsent(name, n -> own.toArray(new String[0]));
        }
        List<Tag> tags = new ArrayList<>(keys.length + 1);
        int matched = 0;
        for (String k : keys) {
            KeyValue kv = context.getLowCardinalityKeyValue(k);
            if (kv != null) {
                matched++;
            }
            tags.add(Tag.of(k, kv == null ? MISSING : kv.getValue()));
        }
        tags.add(Tag.of(PROVENANCE, provenance.toString()));
        int own = 0;
        for (KeyValue kv : context.getLowCardinalityKeyValues()) {
            own += kv.getKey().equals(PROVENANCE) ? 0 : 1;
        }
        if ((matched != own || matched != keys.length) && warned.add(name)) {
            LOG.warn("observation '{}' has low-cardinality keys {} but the first one of that name had {}: counted "
                    + "under the first keys ('{}' for a missing one; others dropped) so that {}{} keeps one tag-key "
                    + "set", name, keyList(context), Arrays.toString(keys), MISSING, name, SUFFIX);
        }
        return tags;
    }

    private static List<String> keyList(Observation.ContextView context) {
        List<String> keys = new ArrayList<>();
        for (KeyValue kv : context.getLowCardinalityKeyValues()) {
            keys.add(kv.getKey());
        }
        return keys;
    }
}
