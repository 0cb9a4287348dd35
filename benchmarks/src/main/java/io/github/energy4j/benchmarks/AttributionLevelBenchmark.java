package io.github.energy4j.benchmarks;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * A full tick at the two attribution levels on the same node: {@code process} reads every
 * {@code /proc/[pid]/stat} (files kept open, as on a quiet node), {@code container} reads {@code /proc/stat} and
 * one {@code cpu.stat} per container (the agent's default without process series). The node is a synthetic
 * tree of {@code processes} processes and a cgroup v2 tree of {@code containers} pod containers; energy-k8s is
 * the workload resolver in both rows.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar AttributionLevelBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttributionLevelBenchmark {

    @Param({"process", "container"})
    public String level;

    @Param({"10000"})
    public int processes;

    @Param({"100"})
    public int containers;

    private SyntheticProcfs tree;
    private Path sys;
    private EnergyMeter meter;

    @Setup
    public void setUp() throws IOException {
        tree = SyntheticProcfs.create(processes, 0);
        FakeProcfs.write(tree.root().resolve("self/cgroup"), "0::/\n"); // lets the k8s resolver probe succeed
        sys = Files.createTempDirectory("energy4j-bench-sys");
        writeCgroupTree(sys.resolve("fs/cgroup"), containers);
        meter = EnergyMeter.builder().allProcesses(true)
                .providers(List.of(new SyntheticCounterProvider()))
                .procfs(tree.root()).sysfs(sys)
                .listProcessesEverySample(false)
                .processLevel(level.equals("process"))
                .interval(Duration.ofSeconds(1))
                .build();
        if (!meter.attributionLevel().toString().equals(level)) {
            throw new IllegalStateException("wanted " + level + " attribution, the meter chose "
                    + meter.attributionLevel());
        }
        meter.sampleNow();
        meter.sampleNow();
    }

    /** Containers of a systemd-driver kubelet: one pod slice each, one containerd scope each. */
    static void writeCgroupTree(Path fs, int containers) {
        FakeProcfs.write(fs.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        FakeProcfs.write(fs.resolve("cgroup.stat"), "nr_descendants " + (3 + 2 * containers)
                + "\nnr_dying_descendants 0\n");
        for (int c = 0; c < containers; c++) {
            String uid = String.format(Locale.ROOT, "%08x_1234_4abc_8def_%012x", c, c);
            String id = String.format(Locale.ROOT, "%064x", 0xC0FFEE00L + c);
            Path scope = fs.resolve("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid
                    + ".slice/cri-containerd-" + id + ".scope");
            FakeProcfs.write(scope.resolve("cpu.stat"), "usage_usec " + (1_000_000L + c * 1000L)
                    + "\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        meter.close();
        tree.close();
        try (Stream<Path> s = Files.walk(sys)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public void tick() {
        meter.sampleNow();
    }
}
