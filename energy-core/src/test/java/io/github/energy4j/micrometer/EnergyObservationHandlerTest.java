package io.github.energy4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.Provenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EnergyObservationHandler on a real ObservationRegistry, a real EnergyMeter over a fake node with an exact price (14
 * J per busy CPU-second, from {@link FakeNode#oneInterval()}: package 10 J plus dram 4 J over 100 busy ticks) and
 * real thread CPU time, burnt by the thread's CPU clock so a loaded machine does not change the figures.
 */
class EnergyObservationHandlerTest {

    /** Joules per CPU-second of the fake node after one interval. */
    static final double PRICE = 14.0;
    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private FakeNode node;
    private SimpleMeterRegistry meters;
    private EnergyObservationHandler handler;
    private TestObservationRegistry observations;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        node = FakeNode.start(tmp, false, true);
        node.oneInterval();
        meters = new SimpleMeterRegistry();
        handler = new EnergyObservationHandler(node.meter, meters);
        observations = TestObservationRegistry.create();
        observations.observationConfig().observationHandler(handler);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        handler.close();
        node.close();
    }

    @Test
    void shouldCountEachObservationsCpuEnergyUnderItsNameWithItsLowCardinalityTagsOnly() {
        Observation.createNotStarted("checkout", observations).lowCardinalityKeyValue("tier", "gold")
                .highCardinalityKeyValue("user", "u-1").observe(() -> burn(100));
        Observation.createNotStarted("checkout", observations).lowCardinalityKeyValue("tier", "silver")
                .highCardinalityKeyValue("user", "u-2").observe(() -> burn(25));

        List<EnergyReading> readings = readings("checkout");
        assertEquals(2, readings.size());
        EnergyReading gold = readings.get(0);
        EnergyReading silver = readings.get(1);
        for (EnergyReading r : readings) {
            assertEquals("checkout", r.name());
            assertEquals(Provenance.MEASURED, r.source());
            assertEquals(PRICE * seconds(r.cpuTime()), r.joules(), EPS, "the scope's CPU time at the node's price");
        }
        assertBetween(95, 140, gold.cpuTime().toMillis(), "100 ms burnt");
        assertBetween(24, 60, silver.cpuTime().toMillis(), "25 ms burnt");
        assertBetween(2.5, 6, gold.joules() / silver.joules(), "four times the CPU, four times the joules");

        Counter g = meters.find("checkout.energy").tag("tier", "gold").counter();
        Counter s = meters.find("checkout.energy").tag("tier", "silver").counter();
        assertEquals(gold.joules(), g.count(), 0.0, "the counter adds exactly the reading's joules");
        assertEquals(silver.joules(), s.count(), 0.0);
        assertEquals(Map.of("tier", "gold", "provenance", "measured"), tags(g));
        assertEquals(Map.of("tier", "silver", "provenance", "measured"), tags(s));
        assertEquals("joules", g.getId().getBaseUnit());
        assertEquals(2, meters.getMeters().size(), "no other meter: " + meters.getMetersAsString());

        TestObservationRegistryAssert.assertThat(observations).hasNumberOfObservationsWithNameEqualTo("checkout", 2)
                .forAllObservationsWithNameEqualTo("checkout", c -> c.doesNotHaveError()
                        .hasLowCardinalityKeyValueWithKey("tier").hasHighCardinalityKeyValueWithKey("user"))
                .hasAnObservation(c -> c.hasLowCardinalityKeyValue("tier", "gold")
                        .hasMapEntry(EnergyReading.class, gold))
                .hasAnObservation(c -> c.hasLowCardinalityKeyValue("tier", "silver")
                        .hasMapEntry(EnergyReading.class, silver));
    }

    @Test
    void shouldChargeThePoolThreadWhereTheObservationIsMadeCurrentAndNotTheWaitingStarter() throws Exception {
        Observation o = Observation.start("price", observations);
        long[] poolCpu = new long[1];
        pool.submit(() -> {
            long before = threadCpu();
            try (Observation.Scope s = o.openScope()) {
                burn(80);
            }
            poolCpu[0] = threadCpu() - before;
        }).get();
        o.stop();

        EnergyReading r = single("price");
        assertBetween(78, 115, r.cpuTime().toMillis(), "the pool thread's 80 ms, the starter only waited");
        assertTrue(r.cpuTime().toNanos() <= poolCpu[0] + 30_000_000L,
                "no more than the pool thread used plus the starter's bookkeeping: " + r.cpuTime());
        assertEquals(PRICE * seconds(r.cpuTime()), counter("price").count(), EPS);
    }

    @Test
    void shouldChargeTheStartingThreadOfAnObservationStartedAndStoppedThereWithoutAScope() {
        Observation o = Observation.start("batch", observations);
        burn(60);
        o.stop();
        EnergyReading r = single("batch");
        assertBetween(58, 90, r.cpuTime().toMillis(), "the start entry charges the starting thread");
        assertEquals(r.joules(), counter("batch").count(), 0.0);
    }

    @Test
    void shouldChargeNestedObservationsToTheirParentToo() {
        Observation parent = Observation.createNotStarted("order", observations);
        parent.observe(() -> {
            burn(30);
            Observation.createNotStarted("order.price", observations).observe(() -> burn(40));
        });
        EnergyReading outer = single("order");
        EnergyReading inner = single("order.price");
        assertBetween(39, 65, inner.cpuTime().toMillis(), "the child's 40 ms");
        assertBetween(69, 110, outer.cpuTime().toMillis(), "the parent's 30 ms and its child's 40 ms");
        assertTrue(outer.cpuTime().compareTo(inner.cpuTime()) > 0);
        assertEquals(outer.joules(), counter("order").count(), 0.0);
        assertEquals(inner.joules(), counter("order.price").count(), 0.0);
    }

    @Test
    void shouldStopChargingAStartingThreadThatGoesOnToAnUnrelatedObservation() {
        // an event loop: a request is started, never made current here, and the thread serves another one
        Observation first = Observation.start("first", observations);
        burn(20);
        Observation second = Observation.start("second", observations);
        burn(50);
        second.stop();
        first.stop();
        assertBetween(19, 45, single("first").cpuTime().toMillis(), "only what ran before the second started");
        assertBetween(49, 80, single("second").cpuTime().toMillis(), "");
    }

    @Test
    void shouldCountAnObservationStoppedElsewhereOnceItsStartingThreadCallsTheHandlerAgain() throws Exception {
        Observation o = Observation.start("client", observations);
        burn(30);
        pool.submit(o::stop).get(); // a response completing on another thread
        Observation.Context c = context("client");
        assertNull(c.get(EnergyReading.class), "the starting thread's entry is still open: not read yet");
        assertNull(meters.find("client.energy").counter(), "not counted yet");

        Observation.createNotStarted("next", observations).observe(() -> burn(40));
        EnergyReading r = c.get(EnergyReading.class);
        assertNotNull(r, "counted at the starting thread's next handler call");
        assertBetween(29, 60, r.cpuTime().toMillis(), "the 30 ms before the stop, not the next observation's 40");
        assertEquals(r.joules(), counter("client").count(), 0.0);
        assertBetween(39, 70, single("next").cpuTime().toMillis(), "");
    }

    @Test
    void shouldStopChargingAThreadWhenTheObservationsScopesAreReset() {
        Observation o = Observation.start("reset", observations);
        Observation.Scope scope = o.openScope();
        burn(30);
        scope.reset(); // what context propagation does when it clears a thread
        burn(40);
        o.stop();
        assertBetween(29, 55, single("reset").cpuTime().toMillis(), "nothing after the reset");
    }

    @Test
    void shouldCountAnUnavailableReadingSeparatelyAndNeverAsZeroJoules() throws Exception {
        // no interval yet, and the fake counters never move: no price can be established
        try (FakeNode unpriced = FakeNode.start(tmp.resolve("unpriced"), false, true);
             EnergyObservationHandler h = new EnergyObservationHandler(unpriced.meter, meters)) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(h);
            Observation o = Observation.createNotStarted("unpriced", registry).lowCardinalityKeyValue("k", "v");
            o.observe(() -> burn(10));
            EnergyReading r = o.getContext().get(EnergyReading.class);
            assertEquals(Provenance.UNAVAILABLE, r.source());
            assertTrue(Double.isNaN(r.joules()));
            assertNull(meters.find("unpriced.energy").meter(), "never a 0 J count");
            Counter u = meters.find(ObservationMeters.UNAVAILABLE).tag("observation", "unpriced").counter();
            assertEquals(1.0, u.count(), 0.0);
            assertEquals(Map.of("observation", "unpriced"), tags(u));
        }
    }

    @Test
    void shouldKeepOneTagKeySetPerNameWhenObservationsOfOneNameDifferInTheirKeys() {
        Observation.createNotStarted("query", observations).lowCardinalityKeyValue("table", "orders")
                .observe(() -> burn(5));
        Observation.createNotStarted("query", observations).lowCardinalityKeyValue("table", "items")
                .lowCardinalityKeyValue("cached", "no").observe(() -> burn(5));
        Observation.createNotStarted("query", observations).observe(() -> burn(5));
        List<EnergyReading> r = readings("query");

        Map<String, Double> byTable = new TreeMap<>();
        for (Meter m : meters.find("query.energy").meters()) {
            assertEquals(List.of("provenance", "table"), keys(m), "one key set, the first observation's");
            byTable.put(m.getId().getTag("table"), ((Counter) m).count());
        }
        assertEquals(Map.of("orders", r.get(0).joules(), "items", r.get(1).joules(), "none", r.get(2).joules()),
                byTable);
    }

    @Test
    void shouldNeverBreakTheApplicationsObservationWhenCountingFails() {
        SimpleMeterRegistry failing = new SimpleMeterRegistry();
        failing.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("registry refuses " + id.getName());
            }
        });
        List<String> seen = new ArrayList<>();
        ObservationRegistry registry = ObservationRegistry.create();
        try (EnergyObservationHandler h = new EnergyObservationHandler(node.meter, failing)) {
            registry.observationConfig().observationHandler(h).observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    seen.add("stop " + context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            Observation o = Observation.createNotStarted("fragile", registry);
            int v = o.observe(() -> {
                burn(5);
                return 42;
            });
            assertEquals(42, v);
            assertEquals(List.of("stop fragile"), seen, "the other handler still saw the stop");
            assertNotNull(o.getContext().get(EnergyReading.class), "the reading is there, only the count failed");
            assertTrue(failing.getMeters().isEmpty());
        }
    }

    @Test
    void shouldMeterNothingAndThrowNothingOnceTheMeterIsClosed() {
        node.meter.close();
        String v = Observation.createNotStarted("late", observations).observe(() -> "done");
        assertEquals("done", v);
        assertNull(context("late").get(EnergyReading.class));
        assertTrue(meters.getMeters().isEmpty());
    }

    @Test
    void shouldMakeTheObservationsScopeCurrentWhileItRunsAndLeaveNoneBehind() {
        // compared with what was current before: an earlier test class may have left a scope open on this thread
        Optional<EnergyScope> before = EnergyScope.current();
        Observation o = Observation.start("started", observations);
        assertEquals("started", EnergyScope.current().orElseThrow().name(), "the start entry");
        o.stop();
        assertEquals(before, EnergyScope.current(), "nothing left after the stop");

        Observation p = Observation.start("scoped", observations);
        try (Observation.Scope s = p.openScope()) {
            assertEquals("scoped", EnergyScope.current().orElseThrow().name());
        }
        assertEquals(before, EnergyScope.current(), "made current here, so charged here only while current");
        p.stop();
        assertEquals(before, EnergyScope.current(), "a later scope on this thread is not nested in an observation");
    }

    @Test
    void shouldChargeAnObservationMadeCurrentOnlyWhereAndWhileItIsCurrentAndCountItAtItsStop() throws Exception {
        // an asynchronous request: current on the request thread, which then leaves it; stopped on another thread
        Observation o = Observation.start("async", observations);
        try (Observation.Scope s = o.openScope()) {
            burn(20);
        }
        burn(50); // the request thread serves something else
        pool.submit(() -> {
            try (Observation.Scope s = o.openScope()) {
                burn(30);
            }
            o.stop();
        }).get();
        EnergyReading r = context("async").get(EnergyReading.class);
        assertNotNull(r, "counted at the stop: no entry is left open on the request thread");
        assertBetween(49, 75, r.cpuTime().toMillis(), "20 ms and 30 ms where it was current, not the 50 ms between");
        assertEquals(r.joules(), counter("async").count(), 0.0);
    }

    // ---- helpers ----

    /** The readings put on the contexts of the observations named {@code name}, in start order. */
    private List<EnergyReading> readings(String name) {
        List<EnergyReading> out = new ArrayList<>();
        for (Observation.Context c : contexts(name)) {
            EnergyReading r = c.get(EnergyReading.class);
            assertNotNull(r, "no reading on " + c);
            out.add(r);
        }
        return out;
    }

    private EnergyReading single(String name) {
        List<EnergyReading> r = readings(name);
        assertEquals(1, r.size(), name);
        return r.get(0);
    }

    private Observation.Context context(String name) {
        List<Observation.Context> out = contexts(name);
        assertEquals(1, out.size(), name);
        return out.get(0);
    }

    /** The contexts the test registry saw with this name, in start order. */
    private List<Observation.Context> contexts(String name) {
        List<Observation.Context> out = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(all -> {
            for (Observation.Context c : all) {
                if (c.getName().equals(name)) {
                    out.add(c);
                }
            }
        });
        return out;
    }

    private Counter counter(String observation) {
        Counter c = meters.find(observation + ObservationMeters.SUFFIX).counter();
        assertNotNull(c, "no counter for " + observation + " in " + meters.getMetersAsString());
        return c;
    }

    static Map<String, String> tags(Meter m) {
        Map<String, String> out = new TreeMap<>();
        for (Tag t : m.getId().getTags()) {
            out.put(t.getKey(), t.getValue());
        }
        return out;
    }

    private static List<String> keys(Meter m) {
        return new ArrayList<>(tags(m).keySet());
    }

    static double seconds(Duration d) {
        return d.toNanos() * 1e-9;
    }

    static void assertBetween(double low, double high, double actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in [" + low + ", " + high + "]");
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static long threadCpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Burns {@code millis} of this thread's CPU time (not wall time). */
    static long burn(long millis) {
        long end = threadCpu() + millis * 1_000_000;
        long x = 0;
        while (threadCpu() < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        return x;
    }
}
