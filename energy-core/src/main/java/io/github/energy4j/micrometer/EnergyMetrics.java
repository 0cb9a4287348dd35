package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer binder for an {@link EnergyMeter}: this JVM's energy and the node's, per zone.
 * <pre>{@code
 * EnergyMeter meter = EnergyMeter.create();
 * EnergyMetrics metrics = new EnergyMetrics(meter, Tags.of("app", "checkout")); // extra tags are optional
 * metrics.bindTo(registry);      // Prometheus, a composite, Spring Boot's registry, ...
 * ...
 * metrics.close();               // removes the meters from every registry bound
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><th>name</th><th>type, base unit</th><th>series</th><th>value</th></tr>
 *   <tr><td>{@code energy.process} ({@code energy_process_joules_total})</td><td>FunctionCounter, joules</td>
 *       <td>one per primary zone</td><td>energy attributed to this JVM in the zone; the sum over zones is the
 *       JVM's total</td></tr>
 *   <tr><td>{@code energy.node} ({@code energy_node_joules_total})</td><td>FunctionCounter, joules</td>
 *       <td>one per primary zone</td><td>the zone's energy; the sum over zones is the node's total</td></tr>
 *   <tr><td>{@code energy.node.power} ({@code energy_node_power_watts})</td><td>Gauge, watts</td>
 *       <td>one per primary zone</td><td>the zone's power over the last sampling interval</td></tr>
 *   <tr><td>{@code energy.zone.<domain>} (e.g. {@code energy_zone_core_joules_total})</td>
 *       <td>FunctionCounter, joules</td><td>one per non-primary zone of that domain</td><td>the zone's energy;
 *       these zones overlap the primary ones, so never add them to {@code energy.node}</td></tr>
 *   <tr><td>{@code carbon.node} ({@code carbon_node_grams_total})</td><td>FunctionCounter, grams</td>
 *       <td>one per primary zone, with a grid intensity</td><td>CO2e of the zone's energy (PUE included)</td></tr>
 *   <tr><td>{@code carbon.process} ({@code carbon_process_grams_total})</td><td>FunctionCounter, grams</td>
 *       <td>one, with a grid intensity; tags {@code source} and {@code provenance} only</td>
 *       <td>CO2e of the energy attributed to this JVM; it has no per-zone split</td></tr>
 * </table>
 *
 * <p><b>Tags.</b> {@code zone} (zone name, e.g. {@code package-0}), {@code domain} (the zone's
 * {@link io.github.energy4j.spi.Zone.Domain#tag() domain}, e.g. {@code package}), {@code source} (provider id,
 * e.g. {@code rapl}) and {@code provenance} ({@code measured} or {@code estimated}, as the zone is a sensor or a
 * model). {@code carbon.process} has {@code source} (the primary zones' providers joined with {@code +}) and
 * {@code provenance} (that of all primary zones together, {@code unavailable} when there is none). The tags given
 * to the constructor are added to every meter. Tag values are fixed when the meters are registered: a zone that
 * stops reading keeps its series and reports NaN. The primary zones are the non-overlapping set the meter sums
 * into process and node totals ({@link ZoneEnergy#primary()}); {@code <domain>} is the domain's tag with
 * {@code _} written as {@code .} (e.g. {@code energy.zone.psys}, {@code energy.zone.cpu.model}).
 *
 * <p><b>Values.</b> Every meter reads one cached {@link EnergyMeter#snapshot() snapshot}, taken again at most once
 * per half sampling interval, so a scrape costs one snapshot. A value that cannot be read is NaN, never an
 * exception and never 0: when the snapshot fails (logged at WARN the first time, then at DEBUG), when the zone's
 * last reading failed ({@link ZoneEnergy#status()} not empty), and, for the process meters, when this process is
 * not in the snapshot. {@code carbon.process} is NaN while any primary zone is unreadable, since its total would
 * be short of that zone.
 *
 * <p><b>References.</b> Micrometer holds the state object of a function counter weakly. Each meter's state object
 * is also its function, which Micrometer holds strongly, so a bound meter keeps reading as long as its registry
 * holds it, even when this binder is no longer referenced ({@code new EnergyMetrics(meter).bindTo(registry)} is
 * enough). {@link #close()} removes the meters from every registry bound and drops the reference to the meter.
 *
 * <p>Thread-safe. Reading a meter allocates nothing unless it takes a new snapshot.
 */
public final class EnergyMetrics implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyMetrics.class);

    // Names follow Micrometer's convention of lowercase words separated by dots with the unit given as the base
    // unit, not in the name (https://docs.micrometer.io/micrometer/reference/concepts/naming.html). The Prometheus
    // registry's PrometheusNamingConvention turns dots into underscores and appends the base unit, and the
    // Prometheus client appends _total to counters: energy.process -> energy_process_joules_total. Prometheus
    // needs every series of a name to have the same label keys (the registry drops a meter that differs), and a
    // name's series are summed by Spring Boot's /actuator/metrics and by sum() in PromQL, so each name here has
    // one tag-key set and only series that do not overlap.
    static final String PROCESS_ENERGY = "energy.process";
    static final String NODE_ENERGY = "energy.node";
    static final String NODE_POWER = "energy.node.power";
    static final String ZONE_ENERGY_PREFIX = "energy.zone.";
    static final String PROCESS_CARBON = "carbon.process";
    static final String NODE_CARBON = "carbon.node";

    private static final String JOULES = "joules";
    private static final String WATTS = "watts";
    private static final String GRAMS = "grams";
    private static final Set<String> OWN_TAG_KEYS = Set.of("zone", "domain", "source", "provenance");

    private final SnapshotCache cache;
    private final Tags extraTags;
    private final List<Bound> bound = new ArrayList<>();
    /** The meters to register, decided from the first snapshot that could be taken; null until then. */
    private List<Spec> specs;
    private boolean closed;

    /** A binder over {@code meter} without extra tags. */
    public EnergyMetrics(EnergyMeter meter) {
        this(meter, Tags.empty());
    }

    /**
     * A binder over {@code meter}; {@code tags} are added to every meter.
     *
     * @throws IllegalArgumentException when a tag key is one of the binder's own: {@code zone}, {@code domain},
     *                                  {@code source}, {@code provenance}
     */
    public EnergyMetrics(EnergyMeter meter, Iterable<Tag> tags) {
        this(Objects.requireNonNull(meter, "meter")::snapshot, meter.interval(), tags, System::nanoTime);
    }

    /** For tests: any snapshot source and clock. */
    EnergyMetrics(Supplier<EnergySnapshot> snapshots, Duration interval, Iterable<Tag> tags, LongSupplier nanoTime) {
        Tags extra = Tags.of(Objects.requireNonNull(tags, "tags"));
        for (Tag t : extra) {
            if (OWN_TAG_KEYS.contains(t.getKey())) {
                throw new IllegalArgumentException("tags: key '" + t.getKey() + "' is set by EnergyMetrics itself;"
                        + " use a key other than " + OWN_TAG_KEYS);
            }
        }
        this.extraTags = extra;
        this.cache = new SnapshotCache(snapshots, interval.toNanos() / 2, nanoTime);
        SnapshotCache.Entry e = cache.get();
        this.specs = e.snapshot == null ? null : specs(e.snapshot);
    }

    /**
     * Registers the meters in {@code registry}; a registry already bound is left as it is. The zones, and whether
     * carbon meters exist, are decided from the first snapshot; when no snapshot can be taken yet, nothing is
     * registered (logged at WARN) and a later call tries again.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("EnergyMetrics is closed");
        }
        for (Bound b : bound) {
            if (b.registry == registry) {
                return; // already bound
            }
        }
        if (specs == null) {
            SnapshotCache.Entry e = cache.get();
            if (e.snapshot == null) {
                LOG.warn("no energy snapshot could be taken; no energy meters registered in {}",
                        registry.getClass().getSimpleName());
                return;
            }
            specs = specs(e.snapshot);
        }
        List<Meter> meters = new ArrayList<>(specs.size());
        for (Spec s : specs) {
            meters.add(s.register(registry));
        }
        bound.add(new Bound(registry, meters));
    }

    /** Removes the meters from every registry bound and drops the reference to the meter. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Bound b : bound) {
            for (Meter m : b.meters) {
                b.registry.remove(m);
            }
        }
        bound.clear();
        specs = null;
        cache.close();
    }

    private List<Spec> specs(EnergySnapshot snap) {
        List<ZoneEnergy> zones = snap.zones();
        Tags[] zoneTags = new Tags[zones.size()];
        List<Spec> out = new ArrayList<>();
        for (int z = 0; z < zones.size(); z++) {
            ZoneEnergy ze = zones.get(z);
            String domain = ze.domain().tag();
            Tags tags = extraTags.and("zone", ze.name(), "domain", domain, "source", ze.source(), "provenance",
                    provenance(ze).toString());
            zoneTags[z] = tags;
            if (ze.primary()) {
                out.add(new Spec(PROCESS_ENERGY, false, JOULES, tags,
                        "Energy attributed to this JVM, per primary zone; the sum over zones is the JVM's total",
                        new Reading(cache, Quantity.PROCESS_JOULES, z, ze.name())));
                out.add(new Spec(NODE_ENERGY, false, JOULES, tags,
                        "Energy of the node, per primary zone; primary zones do not overlap, so the sum over zones"
                                + " is the node's total",
                        new Reading(cache, Quantity.NODE_JOULES, z, ze.name())));
                out.add(new Spec(NODE_POWER, true, WATTS, tags,
                        "Power of the node over the last sampling interval, per primary zone; the sum over zones"
                                + " is the node's power",
                        new Reading(cache, Quantity.NODE_WATTS, z, ze.name())));
            } else {
                out.add(new Spec(ZONE_ENERGY_PREFIX + domain.replace('_', '.'), false, JOULES, tags,
                        "Energy of the " + domain + " zones, which overlap the primary zones of energy.node (core"
                                + " and uncore lie inside package; psys and platform contain other zones): never"
                                + " add them to it",
                        new Reading(cache, Quantity.NODE_JOULES, z, ze.name())));
            }
        }
        if (snap.carbonProvenance().isEmpty()) {
            return List.copyOf(out);
        }
        Set<String> sources = new LinkedHashSet<>();
        for (int z = 0; z < zones.size(); z++) {
            ZoneEnergy ze = zones.get(z);
            if (ze.primary()) {
                sources.add(ze.source());
                out.add(new Spec(NODE_CARBON, false, GRAMS, zoneTags[z],
                        "CO2e of the node's energy (grid intensity and PUE applied), per primary zone; the sum over"
                                + " zones is the node's total",
                        new Reading(cache, Quantity.NODE_CARBON, z, ze.name())));
            }
        }
        if (!sources.isEmpty()) {
            Tags tags = extraTags.and("source", String.join("+", sources), "provenance", snap.provenance().toString());
            out.add(new Spec(PROCESS_CARBON, false, GRAMS, tags,
                    "CO2e of the energy attributed to this JVM (grid intensity and PUE applied), all primary zones"
                            + " together (no per-zone split)",
                    new Reading(cache, Quantity.PROCESS_CARBON, -1, "")));
        }
        return List.copyOf(out);
    }

    private static Provenance provenance(ZoneEnergy z) {
        return z.estimated() ? Provenance.ESTIMATED : Provenance.MEASURED;
    }

    /** One meter to register in each registry bound. */
    private record Spec(String name, boolean gauge, String baseUnit, Tags tags, String description,
                        Reading reading) {

        Meter register(MeterRegistry registry) {
            // the reading is both the state object, which Micrometer holds weakly, and the function, which it
            // holds strongly: so the registry keeps the reading (and through it the snapshot cache) reachable
            if (gauge) {
                return Gauge.builder(name, reading, reading).description(description).baseUnit(baseUnit).tags(tags)
                        .strongReference(true).register(registry);
            }
            return FunctionCounter.builder(name, reading, reading).description(description).baseUnit(baseUnit)
                    .tags(tags).register(registry);
        }
    }

    private record Bound(MeterRegistry registry, List<Meter> meters) {
    }

    private enum Quantity {
        PROCESS_JOULES, NODE_JOULES, NODE_WATTS, NODE_CARBON, PROCESS_CARBON
    }

    /** What one meter reads: a quantity of one zone (by its index in the snapshot) or of this process. */
    static final class Reading implements ToDoubleFunction<Reading> {
        private final SnapshotCache cache;
        private final Quantity quantity;
        private final int zone;
        private final String zoneName;

        Reading(SnapshotCache cache, Quantity quantity, int zone, String zoneName) {
            this.cache = cache;
            this.quantity = quantity;
            this.zone = zone;
            this.zoneName = zoneName;
        }

        @Override
        public double applyAsDouble(Reading ignored) {
            SnapshotCache.Entry e = cache.get();
            EnergySnapshot s = e.snapshot;
            if (s == null) {
                return Double.NaN;
            }
            if (quantity == Quantity.PROCESS_CARBON) {
                return e.self == null || e.anyPrimaryUnreadable ? Double.NaN : e.self.carbonGrams();
            }
            List<ZoneEnergy> zones = s.zones();
            if (zone >= zones.size()) {
                return Double.NaN;
            }
            ZoneEnergy z = zones.get(zone);
            if (!z.name().equals(zoneName) || !z.status().isEmpty()) {
                return Double.NaN;
            }
            switch (quantity) {
                case NODE_JOULES:
                    return z.joules();
                case NODE_WATTS:
                    return z.watts();
                case NODE_CARBON:
                    return z.carbonGrams();
                case PROCESS_JOULES:
                    ZoneJoules zj = e.self == null ? null : e.self.zoneJoules();
                    return zj == null || zone >= zj.size() ? Double.NaN : zj.get(zone);
                default:
                    return Double.NaN;
            }
        }
    }

    /** The last snapshot (or failure) with the time it was taken; one snapshot per half interval at most. */
    static final class SnapshotCache {
        private static final Entry NONE = new Entry(null, null, false, 0);

        private final long maxAgeNanos;
        private final LongSupplier nanoTime;
        private final int selfPid = (int) ProcessHandle.current().pid();
        private volatile Supplier<EnergySnapshot> snapshots;
        private volatile Entry last;
        private boolean warned; // guarded by this

        SnapshotCache(Supplier<EnergySnapshot> snapshots, long maxAgeNanos, LongSupplier nanoTime) {
            this.snapshots = snapshots;
            this.maxAgeNanos = maxAgeNanos;
            this.nanoTime = nanoTime;
        }

        Entry get() {
            Entry e = last;
            if (e != null && nanoTime.getAsLong() - e.takenAtNanos < maxAgeNanos) {
                return e;
            }
            synchronized (this) {
                long now = nanoTime.getAsLong();
                e = last;
                if (e != null && now - e.takenAtNanos < maxAgeNanos) {
                    return e; // another thread refreshed it while this one waited
                }
                Supplier<EnergySnapshot> source = snapshots;
                if (source == null) {
                    return NONE; // closed
                }
                EnergySnapshot s;
                try {
                    s = source.get();
                } catch (RuntimeException ex) {
                    if (!warned) {
                        warned = true;
                        LOG.warn("energy snapshot failed; energy meters read NaN until one succeeds: {}",
                                ex.toString());
                    } else {
                        LOG.debug("energy snapshot failed", ex);
                    }
                    s = null;
                }
                e = s == null ? new Entry(null, null, false, now) : entry(s, now);
                last = e;
                return e;
            }
        }

        private Entry entry(EnergySnapshot s, long now) {
            ProcessEnergy self = null;
            for (ProcessEnergy p : s.processes()) {
                if (p.pid() == selfPid && !p.exited()) {
                    self = p;
                    break;
                }
            }
            boolean unreadable = false;
            for (ZoneEnergy z : s.zones()) {
                unreadable |= z.primary() && !z.status().isEmpty();
            }
            return new Entry(s, self, unreadable, now);
        }

        synchronized void close() {
            snapshots = null;
            last = NONE;
        }

        /** A snapshot (null when it failed), this process in it (null when absent), and when it was taken. */
        record Entry(EnergySnapshot snapshot, ProcessEnergy self, boolean anyPrimaryUnreadable, long takenAtNanos) {
        }
    }
}
