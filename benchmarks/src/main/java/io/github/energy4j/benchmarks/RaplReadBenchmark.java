package io.github.energy4j.benchmarks;

import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One RAPL sample over a fake powercap tree of 2 sockets (package, core, dram each: 6 zones), against
 * the JDK way of reading the same files ({@code Files.readAllBytes} + {@code Long.parseLong} per zone).
 * The fake tree lives on a regular filesystem, so this measures our per-sample overhead, not the
 * kernel's MSR access behind real sysfs files.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar RaplReadBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RaplReadBenchmark {

    private Path root;
    private PowerSource source;
    private long[] values;
    private List<Path> files;

    @Setup
    public void setUp() throws Exception {
        root = Files.createTempDirectory("rapl-bench");
        Path types = root.resolve("sys/class/powercap/intel-rapl");
        for (int socket = 0; socket < 2; socket++) {
            Path pkg = types.resolve("intel-rapl:" + socket);
            zone(pkg, "package-" + socket, 123_456_789_012L + socket);
            zone(pkg.resolve("intel-rapl:" + socket + ":0"), "core", 23_456_789_012L);
            zone(pkg.resolve("intel-rapl:" + socket + ":1"), "dram", 3_456_789_012L);
        }
        SourceContext ctx = new SourceContext(root.resolve("proc"), root.resolve("sys"), root.resolve("dev"),
                Map.of(), k -> null);
        source = new RaplPowerSourceProvider().open(ctx);
        values = new long[source.zones().size()];
        try (Stream<Path> s = Files.walk(types)) {
            files = s.filter(p -> p.getFileName().toString().equals("energy_uj")).sorted().toList();
        }
        if (values.length != 6 || files.size() != 6) {
            throw new IllegalStateException("expected 6 zones, got " + values.length + "/" + files.size());
        }
    }

    private static void zone(Path dir, String name, long energy) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("name"), name + "\n");
        Files.writeString(dir.resolve("energy_uj"), energy + "\n");
        Files.writeString(dir.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(dir.resolve("enabled"), "1\n");
        Files.writeString(dir.resolve("constraint_0_name"), "long_term\n");
        Files.writeString(dir.resolve("constraint_0_power_limit_uw"), "125000000\n");
    }

    @TearDown
    public void tearDown() throws IOException {
        source.close();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Our hot path: positioned reads on open channels, ASCII parse from bytes. */
    @Benchmark
    public long powerSourceRead() {
        source.read(values);
        return values[0] + values[5];
    }

    /** Baseline: open, read and parse each file the usual JDK way. */
    @Benchmark
    public long jdkReadAllBytes() throws IOException {
        long sum = 0;
        for (int i = 0; i < files.size(); i++) {
            sum += Long.parseLong(new String(Files.readAllBytes(files.get(i)), StandardCharsets.US_ASCII).trim());
        }
        return sum;
    }
}
