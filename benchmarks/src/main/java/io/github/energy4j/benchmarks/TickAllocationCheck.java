package io.github.energy4j.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Counts the bytes the sampling thread itself allocates per tick ({@code getCurrentThreadAllocatedBytes}),
 * which JMH's {@code -prof gc} cannot isolate: its {@code gc.alloc.rate.norm} also charges what the
 * harness's other threads allocate during an iteration to the operation, which matters when an operation
 * is tens of milliseconds long. Prints the bytes of the ticks that allocated and a summary.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.energy4j.benchmarks.TickAllocationCheck
 * [fake-steady|fake-listing|fake-churn|proc|container] [ticks] [processes]}; {@code container} is
 * {@link AttributionLevelBenchmark}'s container-level tick (100 containers).
 */
public final class TickAllocationCheck {

    private TickAllocationCheck() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        String mode = args.length > 0 ? args[0] : "fake-steady";
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int processes = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int warmup = Math.max(10, ticks / 5);
        Tick b = mode.equals("container") ? new LevelTick(processes) : new ModeTick(mode, processes);
        b.setUp();
        try {
            for (int i = 0; i < warmup; i++) {
                b.tick();
            }
            long total = 0;
            int allocating = 0;
            long nanos = 0;
            for (int i = 0; i < ticks; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                b.tick();
                nanos += System.nanoTime() - t0;
                long bytes = threads.getCurrentThreadAllocatedBytes() - before;
                total += bytes;
                if (bytes > 0) {
                    allocating++;
                }
            }
            System.out.printf("mode=%s processes=%d ticks=%d (after %d warm-up): %d allocating ticks, %.1f B/tick,"
                    + " %.1f us/tick%n", mode, processes, ticks, warmup, allocating, (double) total / ticks,
                    nanos / 1e3 / ticks);
        } finally {
            b.tearDown();
        }
    }

    private interface Tick {
        void setUp() throws Exception;

        void tick() throws Exception;

        void tearDown() throws Exception;
    }

    private static final class ModeTick implements Tick {
        private final TickBenchmark b = new TickBenchmark();

        ModeTick(String mode, int processes) {
            b.mode = mode;
            b.processes = processes;
        }

        public void setUp() throws Exception {
            b.setUp();
        }

        public void tick() throws Exception {
            b.tick();
        }

        public void tearDown() throws Exception {
            b.tearDown();
        }
    }

    private static final class LevelTick implements Tick {
        private final AttributionLevelBenchmark b = new AttributionLevelBenchmark();

        LevelTick(int processes) {
            b.level = "container";
            b.processes = processes;
            b.containers = 100;
        }

        public void setUp() throws Exception {
            b.setUp();
        }

        public void tick() {
            b.tick();
        }

        public void tearDown() throws Exception {
            b.tearDown();
        }
    }
}
