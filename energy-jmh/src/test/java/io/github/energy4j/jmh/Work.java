package io.github.energy4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU work for the test benchmarks: a serial chain the JIT can neither vectorise nor fold. */
final class Work {

    /** Steps of one work unit, about 20 µs of one core. */
    static final int UNIT = 10_000;

    private Work() {
    }

    /** {@code units} work units from {@code seed}; the result depends on every step. */
    static long spin(long seed, int units) {
        long x = seed;
        final int steps = units * UNIT;
        for (int i = 0; i < steps; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    /** Spins until this thread has used {@code cpuNanos} of CPU time. */
    static long burnCpu(long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + cpuNanos;
        long x = System.nanoTime();
        while (threads.getCurrentThreadCpuTime() < until) {
            x = spin(x, 10);
        }
        return x;
    }
}
