package io.github.energy4j.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One operation is {@code units} work units: energy per operation should follow {@code units}. */
@State(Scope.Thread)
public class WorkBenchmark {

    @Param("1")
    public int units;

    private long seed;

    @Setup
    public void setUp() {
        seed = System.nanoTime();
    }

    @Benchmark
    public long work() {
        return Work.spin(seed, units);
    }
}
