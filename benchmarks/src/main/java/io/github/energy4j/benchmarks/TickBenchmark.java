package io.github.energy4j.benchmarks;

import io.github.energy4j.EnergyMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One full sampling tick ({@link EnergyMeter#sampleNow()}: {@code /proc/stat}, every
 * {@code /proc/[pid]/stat}, two synthetic energy counters, attribution) in four situations:
 * <ul>
 *   <li>{@code fake-steady}: a synthetic tree of {@code processes} processes with
 *       {@code listProcessesEverySample(false)}, so stat files stay open and the fork counter never moves,
 *       as on a quiet real node. The steady state the 0 B/op target is about.</li>
 *   <li>{@code fake-listing}: the same tree with the default for non-procfs roots (list the directory and
 *       open, read and close every stat file on every tick): the worst case of a full tick.</li>
 *   <li>{@code fake-churn}: files kept open, and before each tick 1 % of the processes exit and as many
 *       appear (directory renames and a new fork counter, inside the measured time); retention is one
 *       interval, so a returning pid is a new process with a new command-name String.</li>
 *   <li>{@code proc}: the real {@code /proc} with 1000 sleeping children spawned at setup, with the
 *       meter's procfs defaults (list only when the fork counter moved). Anything else forking on the
 *       machine makes a tick list the directory.</li>
 * </ul>
 * The baseline for a full tick is the {@code fake-listing} row (what a reader that keeps nothing open
 * pays); {@link SnapshotBenchmark} compares the process read alone with OSHI and C.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TickBenchmark -f 1 -wi 3 -i 5 -prof gc}; add
 * {@code -prof io.github.energy4j.jmh.EnergyProfiler:unit=mJ} for the energy of a tick.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TickBenchmark {

    @Param({"fake-steady", "fake-listing", "fake-churn", "proc"})
    public String mode;

    /** Processes of the synthetic tree (the real one has what the machine has plus 1000 sleepers). */
    @Param({"10000"})
    public int processes;

    private SyntheticProcfs tree;
    private Sleepers sleepers;
    private EnergyMeter meter;
    private int churnPerTick;

    @Setup
    public void setUp() throws IOException {
        EnergyMeter.Builder b = EnergyMeter.builder().allProcesses(true)
                .providers(List.of(new SyntheticCounterProvider()))
                .workloadResolvers(false)
                .interval(Duration.ofSeconds(1));
        switch (mode) {
            case "fake-steady":
                tree = SyntheticProcfs.create(processes, 0);
                b.procfs(tree.root()).listProcessesEverySample(false);
                break;
            case "fake-listing":
                tree = SyntheticProcfs.create(processes, 0);
                b.procfs(tree.root()).listProcessesEverySample(true);
                break;
            case "fake-churn":
                churnPerTick = Math.max(1, processes / 100);
                tree = SyntheticProcfs.create(processes, processes / 10);
                b.procfs(tree.root()).listProcessesEverySample(false).processRetention(Duration.ofSeconds(1));
                break;
            case "proc":
                sleepers = Sleepers.spawn(1000);
                b.procfs(Path.of("/proc"));
                break;
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
        meter = b.build();
        meter.sampleNow(); // baseline: every process is new once
        meter.sampleNow();
    }

    @TearDown
    public void tearDown() throws IOException {
        meter.close();
        if (tree != null) {
            tree.close();
        }
        if (sleepers != null) {
            sleepers.close();
        }
    }

    @Benchmark
    public void tick() throws IOException {
        if (churnPerTick > 0) {
            tree.churn(churnPerTick);
        }
        meter.sampleNow();
    }
}
