package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        boolean required = Boolean.getBoolean("energy4j.requireVirtualThreads");
        boolean present = Runtime.version().feature() >= 21;
        if (required) {
            assertTrue(present, "this run must be on a JDK 21+, was " + Runtime.version());
        }
        assumeTrue(present, "virtual threads need Java 21+");
    }

    private static ExecutorService virtualThreads() throws Exception {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** Busy for {@code millis} of wall time: a virtual thread has no CPU clock to burn by. */
    private static long spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        return x;
    }

    @Test
    void shouldChargeOnlyTheVirtualThreadThatUsedTheCpuAndNeverTheSleepers() throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<EnergyScope> scopes = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(4);
        long processBefore = os.getProcessCpuTime();
        ExecutorService vts = virtualThreads();
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
                            spin(1000);
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
        long heavyMs = heavy.cpuTime().toMillis();
        assertTrue(heavyMs >= 600 && heavyMs <= 1300, "about one second of CPU: " + heavy.cpuTime());
        assertTrue(sleepersJ <= 0.05 * heavy.joules(), "sleepers " + sleepersJ + " J vs heavy " + heavy.joules());
        assertTrue(sum <= process, "scopes " + sum + " ns <= process " + process + " ns");
    }

    @Test
    void shouldChargeWorkWrappedOntoAVirtualThreadToThePlatformThreadsScope() throws Exception {
        EnergyScope s;
        ExecutorService vts = virtualThreads();
        try (EnergyScope scope = meter.scope("offloaded")) {
            s = scope;
            vts.submit(scope.wrap(() -> {
                spin(400);
            })).get();
        } finally {
            vts.shutdown();
        }
        assertEquals(Provenance.ESTIMATED, s.source());
        long ms = s.cpuTime().toMillis();
        assertTrue(ms >= 250 && ms <= 600, "the virtual thread's 400 ms of CPU: " + s.cpuTime());
        assertTrue(s.joules() > 0);
    }

    @Test
    void shouldChargeNothingForAVirtualThreadThatOnlyWaits() throws Exception {
        EnergyScope s;
        ExecutorService vts = virtualThreads();
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
