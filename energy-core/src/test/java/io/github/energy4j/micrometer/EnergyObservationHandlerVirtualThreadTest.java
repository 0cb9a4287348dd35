package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.PRICE;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.assertBetween;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observation made current on a virtual thread (Java 21+; skipped before, and made through reflection since the
 * library targets Java 17): its CPU time is a JFR sample estimate that is final seconds after the stop, so the
 * handler must read it off the stopping thread.
 */
class EnergyObservationHandlerVirtualThreadTest {

    @TempDir
    Path tmp;

    static volatile long sink;

    @Test
    void shouldCountAVirtualThreadObservationLaterWithoutHoldingUpItsStop() throws Exception {
        boolean required = Boolean.getBoolean("energy4j.requireVirtualThreads");
        boolean present = Runtime.version().feature() >= 21;
        assertTrue(present || !required, "this run must be on a JDK 21+, was " + Runtime.version());
        assumeTrue(present, "virtual threads need Java 21+");

        long[] cal = calibrate(300);
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ObservationRegistry observations = ObservationRegistry.create();
            try (EnergyObservationHandler handler = new EnergyObservationHandler(node.meter, meters)) {
                observations.observationConfig().observationHandler(handler);
                Observation o = Observation.createNotStarted("virtual", observations)
                        .lowCardinalityKeyValue("kind", "vt").start();
                ExecutorService vts = (ExecutorService) Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
                try {
                    vts.submit(() -> {
                        try (Observation.Scope s = o.openScope()) {
                            work(cal[0]);
                        }
                    }).get();
                } finally {
                    vts.shutdown();
                }
                long t0 = System.nanoTime();
                o.stop();
                long stopMillis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(stopMillis < 1000, "the stop does not wait for JFR's samples: " + stopMillis + " ms");
                assertNull(meters.find("virtual.energy").counter(), "not final yet, so not counted yet");

                EnergyReading r = await(o.getContext());
                assertEquals(Provenance.ESTIMATED, r.source(), "virtual-thread CPU time is a sample estimate");
                double truth = cal[1] * 1e-9;
                assertBetween(0.5 * truth, 1.6 * truth, seconds(r.cpuTime()),
                        "the virtual thread's CPU against the same work on a platform thread (" + truth + " s)");
                assertEquals(PRICE * seconds(r.cpuTime()), r.joules(), 1e-9);
                Counter c = meters.find("virtual.energy").counter();
                assertNotNull(c);
                assertEquals(r.joules(), c.count(), 0.0);
                assertEquals(Map.of("kind", "vt", "provenance", "estimated"), EnergyObservationHandlerTest.tags(c));
            }
        }
    }

    private static EnergyReading await(Observation.Context c) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            EnergyReading r = c.get(EnergyReading.class);
            if (r != null) {
                return r;
            }
            Thread.sleep(50);
        }
        assertFalse(true, "no reading within 20 s");
        return null;
    }

    private static void work(long iterations) {
        long x = 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        sink = x;
    }

    /** Iterations of {@link #work} taking about {@code millis} of CPU, and their CPU time on this platform thread. */
    private static long[] calibrate(long millis) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long per = 1_000_000;
        work(per); // JIT
        long c0 = t.getCurrentThreadCpuTime();
        work(per);
        long perNs = Math.max(1, t.getCurrentThreadCpuTime() - c0);
        long iterations = per * millis * 1_000_000 / perNs;
        c0 = t.getCurrentThreadCpuTime();
        work(iterations);
        return new long[] {iterations, t.getCurrentThreadCpuTime() - c0};
    }
}
