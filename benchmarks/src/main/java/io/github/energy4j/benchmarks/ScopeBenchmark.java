package io.github.energy4j.benchmarks;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyScope;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Opening and closing an {@link EnergyScope} around no work, against its unavoidable part: the two
 * {@code ThreadMXBean.getCurrentThreadCpuTime()} calls a scope makes (the baseline). The meter runs over a
 * small synthetic tree with its sampler thread ticking every second, as in an application.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ScopeBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final Runnable NOOP = () -> { };

    private SyntheticProcfs tree;
    private EnergyMeter meter;
    private EnergyScope open; // a scope that stays open, for the wrapped-task benchmark

    @Setup
    public void setUp() throws IOException {
        tree = SyntheticProcfs.create(50, 0);
        meter = EnergyMeter.builder().allProcesses(true).procfs(tree.root()).listProcessesEverySample(false)
                .providers(List.of(new SyntheticCounterProvider())).workloadResolvers(false)
                .interval(Duration.ofSeconds(1)).build();
        meter.sampleNow();
        tree.fake().advanceCpu(100_000, 100_000);
        meter.sampleNow(); // busy ticks moved: scopes have a price from the start
        open = meter.scope("open");
    }

    @TearDown
    public void tearDown() throws IOException {
        meter.close();
        tree.close();
    }

    @Benchmark
    public double scopeOpenClose() {
        EnergyScope s = meter.scope("bench");
        s.close();
        return s.cpuJoules();
    }

    /**
     * The same with the scope handed to the caller (a blackhole), so it cannot be scalar-replaced: what a
     * scope kept by application code costs in allocation.
     */
    @Benchmark
    public void scopeOpenCloseKept(Blackhole bh) {
        EnergyScope s = meter.scope("bench");
        s.close();
        bh.consume(s);
    }

    /**
     * {@code scope.wrap(task).run()} on the benchmark thread: what a task handed to a pool costs on top of its
     * work (the wrapper, the held scope chain, two CPU clock reads and the charge).
     */
    @Benchmark
    public void wrappedTaskRun() {
        open.wrap(NOOP).run();
    }

    /** The two thread-CPU-time reads inside every scope. */
    @Benchmark
    public long baselineTwoThreadCpuTimeReads() {
        return THREADS.getCurrentThreadCpuTime() + THREADS.getCurrentThreadCpuTime();
    }
}
