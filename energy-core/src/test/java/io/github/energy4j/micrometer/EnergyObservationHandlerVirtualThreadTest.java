package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.PRICE;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.assertBetween;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import io.github.energy4j.testing.VirtualThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
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

    @Test
    void shouldCountAVirtualThreadObservationLaterWithoutHoldingUpItsStop() throws Exception {
        VirtualThreads.assumePresent();

        VirtualThreads.Calibrated cal = VirtualThreads.calibrate(300);
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ObservationRegistry observations = ObservationRegistry.create();
            try (EnergyObservationHandler handler = new EnergyObservationHandler(node.meter, meters)) {
                observations.observationConfig().observationHandler(handler);
                Observation o = Observation.createNotStarted("virtual", observations)
                        .lowCardinalityKeyValue("kind", "vt").start();
                ExecutorService vts = VirtualThreads.executor();
                try {
                    vts.submit(() -> {
                        try (Observation.Scope s = o.openScope()) {
                            VirtualThreads.work(cal.iterations());
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
                double truth = cal.cpuNanos() * 1e-9;
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
}
