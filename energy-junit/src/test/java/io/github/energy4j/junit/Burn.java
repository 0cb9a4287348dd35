package io.github.energy4j.junit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Burns CPU by the calling thread's CPU clock, not wall time, so a busy machine does not change the figures. */
final class Burn {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Burn() {
    }

    /** Spins until this thread has used {@code millis} more CPU time. */
    static long cpu(long millis) {
        long end = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        return x;
    }
}
