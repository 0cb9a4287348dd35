package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.FakeNode.GRAMS_PER_JOULE;
import static io.github.energy4j.micrometer.FakeNode.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.testing.FakeProcfs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyMetricsTest {

    private static final double EPS = 1e-9;
    private static final Set<String> ZONE_KEYS = Set.of("zone", "domain", "source", "provenance");

    @TempDir
    Path tmp;

    @Test
    void shouldExposeThisJvmsAndTheNodesEnergyPerPrimaryZoneWithExactValues() {
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter).bindTo(reg);

            assertEquals(Map.of("package-0", 3.0, "dram-0", 1.2), values(reg, "energy.process"));
            assertEquals(Map.of("package-0", 10.0, "dram-0", 4.0), values(reg, "energy.node"));
            assertEquals(Map.of("core-0", 6.0), values(reg, "energy.zone.core"));
            assertEquals(Map.of("psys-0", 16.0), values(reg, "energy.zone.psys"));
            assertEquals(Set.of("energy.process", "energy.node", "energy.node.power", "energy.zone.core",
                    "energy.zone.psys"), names(reg), "no carbon meters without a grid intensity");

            FunctionCounter pkg = reg.find("energy.process").tag("zone", "package-0").functionCounter();
            assertEquals(Map.of("zone", "package-0", "domain", "package", "source", "test-counter", "provenance",
                    "measured"), tags(pkg));
            assertEquals("joules", pkg.getId().getBaseUnit());
            assertEquals("Energy attributed to this JVM, per primary zone; the sum over zones is the JVM's total",
                    pkg.getId().getDescription());
            FunctionCounter core = reg.find("energy.zone.core").functionCounter();
            assertEquals(Map.of("zone", "core-0", "domain", "core", "source", "test-counter", "provenance",
                    "measured"), tags(core));

            // the sums over a name are totals, not double counts
            EnergySnapshot s = node.meter.snapshot();
            assertEquals(self(s).joules(), sum(reg, "energy.process"), EPS);
            assertEquals(4.2, sum(reg, "energy.process"), EPS);
            assertEquals(s.nodeJoules(), sum(reg, "energy.node"), EPS);
            assertEquals(14.0, sum(reg, "energy.node"), EPS);
            assertOneTagKeySetPerName(reg);
        }
    }

    @Test
    void shouldReportEachPrimaryZonesPowerAsAGaugeInWatts() {
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter).bindTo(reg);
            EnergySnapshot s = node.meter.snapshot();
            List<Gauge> gauges = new ArrayList<>(reg.find("energy.node.power").gauges());
            assertEquals(2, gauges.size());
            for (Gauge g : gauges) {
                ZoneEnergy z = zone(s, g.getId().getTag("zone"));
                assertTrue(z.primary());
                assertTrue(z.watts() > 0 && Double.isFinite(z.watts()), "watts " + z.watts());
                assertEquals(z.watts(), g.value(), 0.0, z.name());
                assertEquals("watts", g.getId().getBaseUnit());
                assertEquals(ZONE_KEYS, tags(g).keySet());
            }
        }
    }

    @Test
    void shouldExposeCarbonPerPrimaryZoneAndForThisJvmAsOneSeries() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter).bindTo(reg);

            Map<String, Double> carbon = values(reg, "carbon.node");
            assertEquals(Set.of("package-0", "dram-0"), carbon.keySet());
            assertEquals(10.0 * GRAMS_PER_JOULE, carbon.get("package-0"), EPS * GRAMS_PER_JOULE);
            assertEquals(4.0 * GRAMS_PER_JOULE, carbon.get("dram-0"), EPS * GRAMS_PER_JOULE);
            Set<String> ids = new TreeSet<>();
            reg.find("carbon.node").functionCounters().forEach(c -> ids.add(c.getId().getBaseUnit()));
            assertEquals(Set.of("grams"), ids);

            List<FunctionCounter> process = new ArrayList<>(reg.find("carbon.process").functionCounters());
            assertEquals(1, process.size(), "one series: process carbon has no per-zone split");
            FunctionCounter c = process.get(0);
            assertEquals(Map.of("source", "test-counter", "provenance", "measured"), tags(c));
            assertEquals("grams", c.getId().getBaseUnit());
            assertEquals(4.2 * GRAMS_PER_JOULE, c.count(), EPS * GRAMS_PER_JOULE);
            assertEquals(self(node.meter.snapshot()).carbonGrams(), c.count(), EPS * GRAMS_PER_JOULE);
            assertOneTagKeySetPerName(reg);
        }
    }

    @Test
    void shouldAddTheUsersTagsToEveryMeterAndRejectTheBindersOwnKeys() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter, Tags.of("app", "checkout", "region", "eu")).bindTo(reg);
            assertEquals(11, reg.getMeters().size(), "3 per primary zone, 1 per other zone, 2 + 1 carbon");
            for (Meter m : reg.getMeters()) {
                assertEquals("checkout", m.getId().getTag("app"), m.getId().toString());
                assertEquals("eu", m.getId().getTag("region"), m.getId().toString());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EnergyMetrics(node.meter, Tags.of("zone", "x")));
            assertTrue(e.getMessage().contains("'zone'"), e.getMessage());
        }
    }

    @Test
    void shouldTagAModelZoneAsEstimated() {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).cpus(4).process(SELF, "java", 0, 0, 100);
        try (EnergyMeter m = EnergyMeter.builder().procfs(proc).sysfs(tmp.resolve("nosys")).workloadResolvers(false)
                .idlePolicy(IdlePolicy.none()).providers(List.of(new CpuPowerModelProvider())).build()) {
            m.sampleNow();
            p.advanceCpu(200, 200).process(SELF, "java", 100, 0, 100);
            m.sampleNow();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(m).bindTo(reg);
            FunctionCounter c = reg.find("energy.process").functionCounter();
            assertEquals(Map.of("zone", "cpu-model", "domain", "cpu_model", "source", "model", "provenance",
                    "estimated"), tags(c));
            EnergySnapshot s = m.snapshot();
            // idle policy none: 100 of the node's 200 busy ticks are this JVM's, so half of the model's energy
            assertEquals(0.5 * s.zones().get(0).joules(), self(s).zoneJoules().get(0), 1e-9);
            assertTrue(s.zones().get(0).joules() > 0, "the model priced the interval");
            assertEquals(self(s).zoneJoules().get(0), c.count(), 0.0);
            assertEquals(s.zones().get(0).joules(), reg.find("energy.node").functionCounter().count(), 0.0);
        }
    }

    @Test
    void shouldReadNaNForThisProcessWhenItIsNotInTheSnapshot() {
        try (FakeNode node = FakeNode.start(tmp, true, false)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter).bindTo(reg);
            assertEquals(2, reg.find("energy.process").functionCounters().size());
            for (FunctionCounter c : reg.find("energy.process").functionCounters()) {
                assertNaN(c.count(), c.getId().toString());
            }
            assertNaN(reg.find("carbon.process").functionCounter().count(), "carbon.process");
            assertEquals(Map.of("package-0", 10.0, "dram-0", 4.0), values(reg, "energy.node"));
        }
    }

    @Test
    void shouldReadNaNForAnUnreadableZoneAndItsValuesAgainOnceItReads() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            AtomicLong clock = new AtomicLong();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(node.meter::snapshot, node.meter.interval(), Tags.empty(), clock::get).bindTo(reg);
            node.breakCounter("dram-0");
            node.oneInterval();
            clock.addAndGet(node.meter.interval().toNanos());
            assertFalse(zone(node.meter.snapshot(), "dram-0").status().isEmpty(), "the fixture broke the zone");

            assertNaN(reg.find("energy.node").tag("zone", "dram-0").functionCounter().count(), "node dram");
            assertNaN(reg.find("energy.process").tag("zone", "dram-0").functionCounter().count(), "process dram");
            assertNaN(reg.find("energy.node.power").tag("zone", "dram-0").gauge().value(), "power dram");
            assertNaN(reg.find("carbon.node").tag("zone", "dram-0").functionCounter().count(), "carbon dram");
            assertNaN(reg.find("carbon.process").functionCounter().count(), "process carbon lacks a zone");
            assertEquals(20.0, reg.find("energy.node").tag("zone", "package-0").functionCounter().count(), EPS);
            assertEquals(6.0, reg.find("energy.process").tag("zone", "package-0").functionCounter().count(), EPS);

            node.repairCounter("dram-0");
            node.oneInterval();
            clock.addAndGet(node.meter.interval().toNanos());
            // the 4 J of the unreadable interval arrive with the next reading: 4 + 4 + 4
            assertEquals(12.0, reg.find("energy.node").tag("zone", "dram-0").functionCounter().count(), EPS);
        }
    }

    @Test
    void shouldReadNaNWhileTheSnapshotFailsAndNeverThrow() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            AtomicBoolean failing = new AtomicBoolean();
            Supplier<EnergySnapshot> snapshots = () -> {
                if (failing.get()) {
                    throw new IllegalStateException("sensor gone");
                }
                return node.meter.snapshot();
            };
            AtomicLong clock = new AtomicLong();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            EnergyMetrics metrics = new EnergyMetrics(snapshots, node.meter.interval(), Tags.empty(), clock::get);
            metrics.bindTo(reg);
            assertEquals(11, reg.getMeters().size());

            failing.set(true);
            clock.addAndGet(node.meter.interval().toNanos());
            for (Meter m : reg.getMeters()) {
                double v = m instanceof Gauge ? ((Gauge) m).value() : ((FunctionCounter) m).count();
                assertNaN(v, m.getId().toString());
            }
            failing.set(false);
            clock.addAndGet(node.meter.interval().toNanos());
            assertEquals(3.0, reg.find("energy.process").tag("zone", "package-0").functionCounter().count(), EPS);
        }
    }

    @Test
    void shouldRegisterOnceASnapshotCanBeTakenWhenTheFirstFails() {
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            AtomicBoolean failing = new AtomicBoolean(true);
            AtomicLong clock = new AtomicLong();
            EnergyMetrics metrics = new EnergyMetrics(() -> {
                if (failing.get()) {
                    throw new IllegalStateException("not yet");
                }
                return node.meter.snapshot();
            }, node.meter.interval(), Tags.empty(), clock::get);
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            metrics.bindTo(reg);
            assertEquals(List.of(), reg.getMeters(), "nothing is known about the zones yet");
            failing.set(false);
            clock.addAndGet(node.meter.interval().toNanos());
            metrics.bindTo(reg);
            assertEquals(Map.of("package-0", 3.0, "dram-0", 1.2), values(reg, "energy.process"));
        }
    }

    @Test
    void shouldTakeOneSnapshotPerHalfIntervalHoweverManyMetersAreRead() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            AtomicInteger taken = new AtomicInteger();
            AtomicLong clock = new AtomicLong();
            long half = node.meter.interval().toNanos() / 2;
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            new EnergyMetrics(() -> {
                taken.incrementAndGet();
                return node.meter.snapshot();
            }, node.meter.interval(), Tags.empty(), clock::get).bindTo(reg);
            assertEquals(1, taken.get(), "the constructor's snapshot");

            node.oneInterval();
            clock.addAndGet(half - 1);
            assertEquals(3.0, reg.find("energy.process").tag("zone", "package-0").functionCounter().count(), EPS,
                    "still the cached snapshot");
            readAll(reg);
            assertEquals(1, taken.get());

            clock.addAndGet(1);
            assertEquals(6.0, reg.find("energy.process").tag("zone", "package-0").functionCounter().count(), EPS);
            readAll(reg);
            readAll(reg);
            assertEquals(2, taken.get(), "one snapshot for all the meters read in the half interval");
        }
    }

    /**
     * Micrometer holds a function counter's object weakly and, once it is collected, repeats the counter's last
     * value forever. The binder must hand Micrometer an object the registry itself keeps. A registry that keeps no
     * gauge (a user's deny filter) makes sure no other meter holds the binder.
     */
    @Test
    void shouldKeepReadingAfterTheBinderIsCollected() throws InterruptedException {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            reg.config().meterFilter(MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE));
            WeakReference<EnergyMetrics> binder = bindAndDrop(node.meter, reg);
            FunctionCounter pkg = reg.find("energy.process").tag("zone", "package-0").functionCounter();
            assertEquals(3.0, pkg.count(), EPS);
            for (int i = 0; i < 20 && binder.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(binder.get(), "the binder was collected; without that this test proves nothing");

            node.oneInterval();
            Thread.sleep(node.meter.interval().toMillis()); // past the cache's half interval
            assertEquals(6.0, pkg.count(), EPS, "still reading the meter, not repeating its last value");
            assertEquals(20.0, reg.find("energy.node").tag("zone", "package-0").functionCounter().count(), EPS);
            assertEquals(12.0, reg.find("energy.zone.core").functionCounter().count(), EPS);
            assertEquals(8.4 * GRAMS_PER_JOULE, reg.find("carbon.process").functionCounter().count(),
                    EPS * GRAMS_PER_JOULE);
        }
    }

    private static WeakReference<EnergyMetrics> bindAndDrop(EnergyMeter meter, SimpleMeterRegistry reg) {
        EnergyMetrics metrics = new EnergyMetrics(meter);
        metrics.bindTo(reg);
        return new WeakReference<>(metrics);
    }

    @Test
    void shouldRemoveItsMetersFromEveryRegistryOnCloseAndReadNaNThereafter() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            SimpleMeterRegistry a = new SimpleMeterRegistry();
            SimpleMeterRegistry b = new SimpleMeterRegistry();
            a.counter("unrelated").increment();
            EnergyMetrics metrics = new EnergyMetrics(node.meter);
            metrics.bindTo(a);
            metrics.bindTo(b);
            metrics.bindTo(b);
            assertEquals(12, a.getMeters().size());
            assertEquals(11, b.getMeters().size(), "binding twice registers nothing new");
            FunctionCounter held = b.find("energy.node").tag("zone", "package-0").functionCounter();
            assertSame(held, b.find("energy.node").tag("zone", "package-0").functionCounter());
            assertEquals(10.0, held.count(), EPS);

            metrics.close();
            assertEquals(List.of("unrelated"), a.getMeters().stream().map(m -> m.getId().getName()).toList());
            assertEquals(List.of(), b.getMeters());
            assertNaN(held.count(), "a meter still held after close no longer reads the energy meter");
            assertThrows(IllegalStateException.class, () -> metrics.bindTo(a));
            metrics.close();
        }
    }

    // ---- helpers ----

    static void assertNaN(double v, String what) {
        assertTrue(Double.isNaN(v), what + ": expected NaN, was " + v);
    }

    private static void readAll(SimpleMeterRegistry reg) {
        for (Meter m : reg.getMeters()) {
            m.measure().forEach(ms -> ms.getValue());
        }
    }

    private static void assertOneTagKeySetPerName(SimpleMeterRegistry reg) {
        Map<String, Set<Set<String>>> keys = new HashMap<>();
        for (Meter m : reg.getMeters()) {
            keys.computeIfAbsent(m.getId().getName(), n -> new HashSet<>()).add(tags(m).keySet());
        }
        for (Map.Entry<String, Set<Set<String>>> e : keys.entrySet()) {
            assertEquals(1, e.getValue().size(), e.getKey() + " has tag-key sets " + e.getValue());
        }
    }

    private static Set<String> names(SimpleMeterRegistry reg) {
        Set<String> names = new TreeSet<>();
        reg.getMeters().forEach(m -> names.add(m.getId().getName()));
        return names;
    }

    /** Counter values of one name by zone tag; fails on a duplicate zone. */
    private static Map<String, Double> values(SimpleMeterRegistry reg, String name) {
        Map<String, Double> out = new HashMap<>();
        for (FunctionCounter c : reg.find(name).functionCounters()) {
            assertNull(out.put(c.getId().getTag("zone"), round(c.count())), "duplicate " + c.getId());
        }
        return out;
    }

    /** To 1e-9 J, so that maps of exact expectations compare. */
    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private static double sum(SimpleMeterRegistry reg, String name) {
        double sum = 0;
        for (FunctionCounter c : reg.find(name).functionCounters()) {
            sum += c.count();
        }
        return sum;
    }

    private static Map<String, String> tags(Meter m) {
        Map<String, String> out = new HashMap<>();
        for (Tag t : m.getId().getTagsAsIterable()) {
            out.put(t.getKey(), t.getValue());
        }
        return out;
    }

    static ProcessEnergy self(EnergySnapshot s) {
        for (ProcessEnergy p : s.processes()) {
            if (p.pid() == SELF && !p.exited()) {
                return p;
            }
        }
        throw new AssertionError("this JVM is not in the snapshot");
    }

    static ZoneEnergy zone(EnergySnapshot s, String name) {
        for (ZoneEnergy z : s.zones()) {
            if (z.name().equals(name)) {
                return z;
            }
        }
        throw new AssertionError("no zone " + name);
    }
}
