package io.github.energy4j.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One work unit per operation, and one extra CPU-second at the end of every warm-up iteration: energy that a
 * profiler metering warm-up, or one window spanning warm-up and measurement, would charge to the measurement.
 */
@State(Scope.Thread)
public class ExpensiveWarmupBenchmark {

    /** The CPU time each warm-up iteration burns after its operations. */
    static final long WARMUP_BURN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long seed = System.nanoTime();
    /** Keeps the burn's result alive. */
    public volatile long sink;

    @TearDown(Level.Iteration)
    public void afterIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.WARMUP) {
            sink = Work.burnCpu(WARMUP_BURN_NANOS);
        }
    }

    @Benchmark
    public long work() {
        return Work.spin(seed, 1);
    }
}
