package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer binder for an {@link EnergyMeter}:
 * <pre>{@code
 * new EnergyMetrics(meter).bindTo(registry);
 * }</pre>
 * Registers, per zone: {@code energy.consumed} (FunctionCounter, joules; tags {@code zone},
 * {@code source}, {@code estimated}, {@code level=node}), {@code energy.power} (Gauge, watts) and, with a
 * grid intensity, {@code carbon.emitted} (FunctionCounter, grams). For this JVM: {@code energy.consumed}
 * and {@code carbon.emitted} with {@code level=process}. No per-pid series (low cardinality).
 *
 * <p>All meters read one cached snapshot, refreshed at most once per sampling interval, so a scrape
 * costs one snapshot. A failed read yields NaN, never an exception. Micrometer holds function
 * counters weakly; this binder keeps the strong references until {@link #close()}.
 */
public final class EnergyMetrics implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyMetrics.class);

    private final EnergyMeter meter;
    private final Tags extraTags;
    private final List<Object> strongRefs = new ArrayList<>();
    private final List<Meter> registered = new ArrayList<>();
    private final List<MeterRegistry> registries = new ArrayList<>();
    private final long maxAgeNanos;
    private volatile EnergySnapshot cached;
    private volatile long cachedAt;
    private boolean warned;

    public EnergyMetrics(EnergyMeter meter) {
        this(meter, Tags.empty());
    }

    public EnergyMetrics(EnergyMeter meter, Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.meter = meter;
        this.extraTags = Tags.of(tags);
        this.maxAgeNanos = meter.interval().toNanos() / 2;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        EnergySnapshot snap = snapshot();
        if (snap == null) {
            return;
        }
        registries.add(registry);
        boolean carbon = !snap.carbonProvenance().isEmpty();
        for (ZoneEnergy z : snap.zones()) {
            String name = z.name();
            Tags tags = extraTags.and("zone", name, "source", z.source(), "estimated", Boolean.toString(z.estimated()),
                    "level", "node");
            counter(registry, "energy.consumed", "Energy consumed by the zone", "joules", tags,
                    s -> zone(s, name, ZoneEnergy::joules));
            gauge(registry, "energy.power", "Power of the zone over the last interval", "watts", tags,
                    s -> zone(s, name, ZoneEnergy::watts));
            if (carbon) {
                counter(registry, "carbon.emitted", "CO2e of the zone's energy (PUE included)", "grams", tags,
                        s -> zone(s, name, ZoneEnergy::carbonGrams));
            }
        }
        int self = (int) ProcessHandle.current().pid();
        Tags processTags = extraTags.and("level", "process", "estimated",
                Boolean.toString(snap.provenance() == io.github.energy4j.Provenance.ESTIMATED));
        counter(registry, "energy.consumed", "Energy attributed to this JVM", "joules", processTags,
                s -> self(s, self, ProcessEnergy::joules));
        if (carbon) {
            counter(registry, "carbon.emitted", "CO2e attributed to this JVM", "grams", processTags,
                    s -> self(s, self, ProcessEnergy::carbonGrams));
        }
    }

    private void counter(MeterRegistry r, String name, String help, String unit, Tags tags,
                         ToDoubleFunction<EnergySnapshot> f) {
        ToDoubleFunction<EnergyMetrics> fn = m -> {
            EnergySnapshot s = m.snapshot();
            return s == null ? Double.NaN : f.applyAsDouble(s);
        };
        strongRefs.add(fn);
        registered.add(FunctionCounter.builder(name, this, fn).description(help).baseUnit(unit).tags(tags).register(r));
    }

    private void gauge(MeterRegistry r, String name, String help, String unit, Tags tags,
                       ToDoubleFunction<EnergySnapshot> f) {
        ToDoubleFunction<EnergyMetrics> fn = m -> {
            EnergySnapshot s = m.snapshot();
            return s == null ? Double.NaN : f.applyAsDouble(s);
        };
        strongRefs.add(fn);
        registered.add(Gauge.builder(name, this, fn).description(help).baseUnit(unit).tags(tags).strongReference(true)
                .register(r));
    }

    private static double zone(EnergySnapshot s, String name, ToDoubleFunction<ZoneEnergy> f) {
        for (ZoneEnergy z : s.zones()) {
            if (z.name().equals(name)) {
                return f.applyAsDouble(z);
            }
        }
        return Double.NaN;
    }

    private static double self(EnergySnapshot s, int pid, ToDoubleFunction<ProcessEnergy> f) {
        for (ProcessEnergy p : s.processes()) {
            if (p.pid() == pid && !p.exited()) {
                return f.applyAsDouble(p);
            }
        }
        return Double.NaN;
    }

    private EnergySnapshot snapshot() {
        long now = System.nanoTime();
        EnergySnapshot s = cached;
        if (s != null && now - cachedAt < maxAgeNanos) {
            return s;
        }
        try {
            s = meter.snapshot();
            cached = s;
            cachedAt = now;
            return s;
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("energy snapshot failed; meters report NaN: {}", e.toString());
            } else {
                LOG.debug("energy snapshot failed", e);
            }
            return null;
        }
    }

    /** Removes the registered meters and drops the strong references. */
    @Override
    public void close() {
        for (MeterRegistry r : registries) {
            for (Meter m : registered) {
                r.remove(m);
            }
        }
        registered.clear();
        strongRefs.clear();
    }
}
