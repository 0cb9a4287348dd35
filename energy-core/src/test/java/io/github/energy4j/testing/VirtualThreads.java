package io.github.energy4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the virtual-thread tests share. The library targets Java 17, so virtual threads are made through
 * reflection; the build runs those tests a second time on a JDK 21+ with
 * {@code energy4j.requireVirtualThreads=true}, so that a wrong JVM fails instead of skipping.
 */
public final class VirtualThreads {

    private static volatile long sink;

    private VirtualThreads() {
    }

    /** Skips the test before Java 21, or fails it when this run was asked to be on a JDK 21+. */
    public static void assumePresent() {
        boolean present = Runtime.version().feature() >= 21;
        if (Boolean.getBoolean("energy4j.requireVirtualThreads")) {
            assertTrue(present, "this run must be on a JDK 21+, was " + Runtime.version());
        }
        assumeTrue(present, "virtual threads need Java 21+");
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    public static ExecutorService executor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** A fixed amount of CPU work, whatever the thread and the machine's load. */
    public static void work(long iterations) {
        long x = 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        sink = x;
    }

    /** Iterations of {@link #work} and the CPU time they took on a platform thread's exact clock. */
    public record Calibrated(long iterations, long cpuNanos) {
    }

    /**
     * Iterations of {@link #work} that take about {@code millis} of CPU time, measured on this platform thread: the
     * truth a virtual thread doing the same work is compared with.
     */
    public static Calibrated calibrate(long millis) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long per = 1_000_000;
        work(per); // JIT
        long c0 = t.getCurrentThreadCpuTime();
        work(per);
        long perNs = Math.max(1, t.getCurrentThreadCpuTime() - c0);
        long iterations = per * millis * 1_000_000 / perNs;
        c0 = t.getCurrentThreadCpuTime();
        work(iterations);
        return new Calibrated(iterations, t.getCurrentThreadCpuTime() - c0);
    }
}
