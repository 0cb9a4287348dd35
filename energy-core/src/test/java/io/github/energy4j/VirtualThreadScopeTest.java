package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.VirtualThreads;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scopes on virtual threads (Java 21+). The library targets Java 17, so virtual threads are made through
 * reflection. The build runs this class a second time on a JDK 21+ when {@code JDK21_HOME} is set (CI sets it),
 * with {@code energy4j.requireVirtualThreads=true} so that a wrong JVM fails instead of skipping.
 */
class VirtualThreadScopeTest {

    private static EnergyMeter meter;

    @BeforeAll
    static void open() {
        meter = EnergyMeter.builder().interval(Duration.ofMillis(100)).workloadResolvers(false).build();
    }

    @AfterAll
    static void close() {
        if (meter != null) {
            meter.close();
        }
    }

    @BeforeEach
    void needsVirtualThreads() {
        VirtualThreads.assumePresent();
    }

    @Test
    void shouldChargeOnlyTheVirtualThreadThatUsedTheCpuAndNeverTheSleepers() throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<EnergyScope> scopes = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(4);
        VirtualThreads.Calibrated cal = VirtualThreads.calibrate(600);
        long processBefore = os.getProcessCpuTime();
        ExecutorService vts = VirtualThreads.executor();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean heavy = i == 0;
                fs.add(vts.submit(() -> {
                    try (EnergyScope s = meter.scope(heavy ? "heavy" : "sleeper")) {
                        synchronized (scopes) {
                            scopes.add(s);
                        }
                        opened.countDown();
                        if (heavy) {
                            VirtualThreads.work(cal.iterations());
                        } else {
                            Thread.sleep(1000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            vts.shutdown();
        }
        long process = os.getProcessCpuTime() - processBefore;
        EnergyScope heavy = scopes.stream().filter(s -> s.name().equals("heavy")).findFirst().orElseThrow();
        double sleepersJ = 0;
        long sum = 0;
        for (EnergyScope s : scopes) {
            assertEquals(Provenance.ESTIMATED, s.source(), s.name() + " is a sample estimate");
            assertFalse(s.cpuTimeExact());
            sum += s.cpuTime().toNanos();
            if (s != heavy) {
                sleepersJ += s.joules();
                assertTrue(s.cpuTime().toMillis() <= 30, "a sleeping virtual thread uses no CPU: " + s.cpuTime());
            }
        }
        // the truth: the same work's CPU time on a platform thread's exact clock
        long heavyNs = heavy.cpuTime().toNanos();
        assertEquals(1.0, (double) heavyNs / cal.cpuNanos(), 0.35, "the heavy thread's CPU time: " + heavy.cpuTime()
                + " for work that took " + cal.cpuNanos() / 1_000_000 + " ms on a platform thread");
        assertTrue(sleepersJ <= 0.05 * heavy.joules(), "sleepers " + sleepersJ + " J vs heavy " + heavy.joules());
        assertTrue(sum <= process, "scopes " + sum + " ns <= process " + process + " ns");
    }

    @Test
    void shouldChargeWorkWrappedOntoAVirtualThreadToThePlatformThreadsScope() throws Exception {
        VirtualThreads.Calibrated cal = VirtualThreads.calibrate(400);
        EnergyScope s;
        ExecutorService vts = VirtualThreads.executor();
        try (EnergyScope scope = meter.scope("offloaded")) {
            s = scope;
            vts.submit(scope.wrap(() -> {
                VirtualThreads.work(cal.iterations());
            })).get();
        } finally {
            vts.shutdown();
        }
        assertEquals(Provenance.ESTIMATED, s.source());
        assertEquals(1.0, (double) s.cpuTime().toNanos() / cal.cpuNanos(), 0.35, "the virtual thread's CPU time: "
                + s.cpuTime() + " for work that took " + cal.cpuNanos() / 1_000_000 + " ms on a platform thread");
        assertTrue(s.joules() > 0);
    }

    @Test
    void shouldStopTheRecordingWhenIdleAndStartItAgainForTheNextVirtualThreadScope() throws Exception {
        VirtualThreads.Calibrated cal = VirtualThreads.calibrate(200);
        ExecutorService vts = VirtualThreads.executor();
        try {
            vts.submit(() -> {
                try (EnergyScope s = meter.scope("before-stop")) {
                    VirtualThreads.work(cal.iterations());
                }
            }).get();
            assertTrue(VirtualThreadCpu.recording());
            VirtualThreadCpu.idleStop(Duration.ZERO);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (VirtualThreadCpu.recording() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(VirtualThreadCpu.recording(), "no slices left: the JFR recording stopped");
            VirtualThreadCpu.idleStop(Duration.ofMinutes(1));
            EnergyScope again = vts.submit(() -> {
                try (EnergyScope s = meter.scope("after-restart")) {
                    VirtualThreads.work(cal.iterations());
                    return s;
                }
            }).get();
            assertEquals(1.0, (double) again.cpuTime().toNanos() / cal.cpuNanos(), 0.35, "a new recording measures: "
                    + again.cpuTime() + " for " + cal.cpuNanos() / 1_000_000 + " ms of work");
        } finally {
            VirtualThreadCpu.idleStop(Duration.ofMinutes(1));
            vts.shutdown();
        }
    }

    @Test
    void shouldChargeNothingForAVirtualThreadThatOnlyWaits() throws Exception {
        EnergyScope s;
        ExecutorService vts = VirtualThreads.executor();
        try (EnergyScope scope = meter.scope("waiting")) {
            s = scope;
            vts.submit(scope.wrap(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).get();
        } finally {
            vts.shutdown();
        }
        assertTrue(s.cpuTime().toMillis() <= 30, s.cpuTime().toString());
    }
}
