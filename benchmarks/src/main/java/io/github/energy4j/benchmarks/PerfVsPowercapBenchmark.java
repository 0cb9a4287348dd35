package io.github.energy4j.benchmarks;

import io.github.energy4j.rapl.internal.RaplPerfPowerSourceProvider;
import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import io.github.energy4j.rapl.internal.PerfEvents;
import io.github.energy4j.rapl.internal.PerfPowerSource;
import io.github.energy4j.rapl.internal.PowercapPowerSource;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
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
 * One RAPL sample of one package zone through each path side by side: the powercap source (a positioned read of
 * {@code energy_uj} on a kept-open channel, ASCII parse) and the perf_event source (one 8-byte {@code read(2)} of a
 * perf descriptor through JNA). The cost of a 1 kHz sampling loop is this time x 1000 per second: 1 µs per read is
 * 0.1 % of one core.
 *
 * <p>Stand-ins where the machine has no RAPL: the powercap zone is a fake tree on a regular filesystem (the kernel's
 * sysfs {@code show} for {@code energy_uj} also reads the MSR and formats decimal text, which this does not
 * include), and the perf zone is a "power" PMU description whose event is the software {@code cpu-clock} of CPU 0
 * (the same syscall path; the RAPL PMU's {@code read} adds one MSR read). The perf path needs root or CAP_PERFMON or
 * {@code perf_event_paranoid <= 0}.
 *
 * <p>Two perf rows because where the event is read from matters: a CPU-bound software event read from another CPU
 * costs an inter-processor call to that CPU ({@code perfRead}, the worst case: a VM exit on a virtual machine),
 * while the RAPL PMU sets {@code PERF_EV_CAP_READ_ACTIVE_PKG}, so its events are read on the calling CPU whenever
 * that CPU is in the event's package. {@code perfReadLocal} reads this thread's own task clock, which is always
 * local: the cost of the syscall path itself. Powercap's {@code energy_uj} also reads the MSR on a CPU of the
 * zone's package ({@code rdmsrl_safe_on_cpu}), so a real host pays that cross-CPU call on both paths alike.
 * {@code powercapReadSysfs} runs the powercap reader on a real sysfs attribute
 * ({@code /sys/devices/system/cpu/cpu0/topology/core_id}): the kernfs read and decimal formatting that
 * {@code energy_uj} also costs, without its MSR read.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar PerfVsPowercapBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerfVsPowercapBenchmark {

    private Path root;
    private PowerSource powercap;
    private PowerSource perf;
    private PowerSource perfLocal;
    private PowerSource sysfsAttribute;
    private final long[] values = new long[1];

    @Setup
    public void setUp() throws Exception {
        root = Files.createTempDirectory("perf-vs-powercap");
        Path zone = root.resolve("sys/class/powercap/intel-rapl/intel-rapl:0");
        Files.createDirectories(zone);
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("energy_uj"), "123456789012\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(zone.resolve("enabled"), "1\n");
        Path pmu = root.resolve("sys/bus/event_source/devices/power");
        Files.createDirectories(pmu.resolve("events"));
        Files.createDirectories(pmu.resolve("format"));
        Files.writeString(pmu.resolve("type"), "1\n"); // PERF_TYPE_SOFTWARE
        Files.writeString(pmu.resolve("cpumask"), "0\n");
        Files.writeString(pmu.resolve("format/event"), "config:0-7\n");
        Files.writeString(pmu.resolve("events/energy-pkg"), "event=0x00\n"); // PERF_COUNT_SW_CPU_CLOCK
        Files.writeString(pmu.resolve("events/energy-pkg.scale"), "1e-9\n");
        Files.writeString(pmu.resolve("events/energy-pkg.unit"), "Joules\n");
        SourceContext ctx = new SourceContext(root.resolve("proc"), root.resolve("sys"), root.resolve("dev"),
                Map.of(), k -> null);
        powercap = new RaplPowerSourceProvider().open(ctx);
        perf = new RaplPerfPowerSourceProvider().open(ctx);
        Zone local = new Zone("package-0", 0, Zone.Domain.PACKAGE, Zone.Kind.ENERGY_COUNTER, 1e-9 * 4096,
                PerfPowerSource.WRAP_MODULUS, 1000, Double.NaN, false, "task-clock of the benchmark thread");
        PerfPowerSource.EventPlan plan = new PerfPowerSource.EventPlan(local, PerfEvents.TYPE_SOFTWARE,
                PerfEvents.SW_TASK_CLOCK, PerfEvents.EXCLUDE_KERNEL | PerfEvents.EXCLUDE_HV, 0, -1);
        int fd = PerfPowerSource.open(plan);
        if (fd < 0) {
            throw new IllegalStateException("perf_event_open(task-clock): " + PerfEvents.describe(-fd));
        }
        perfLocal = PerfPowerSource.adopt("rapl-perf", List.of(plan), new int[] {fd});
        // the powercap reader on a real sysfs attribute: kernfs open-file read and the attribute's show()
        // formatting a decimal, which energy_uj also pays (without its MSR read)
        Path attr = Path.of("/sys/devices/system/cpu/cpu0/topology/core_id");
        sysfsAttribute = PowercapPowerSource.open("rapl", List.of(Zone.microjouleCounter("package-0", 0,
                Zone.Domain.PACKAGE, 1L << 32, 1000, attr.toString())), List.of(attr));
        if (powercap.zones().size() != 1 || perf.zones().size() != 1) {
            throw new IllegalStateException("expected one zone each: " + powercap.zones() + " / " + perf.zones());
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        powercap.close();
        perf.close();
        perfLocal.close();
        sysfsAttribute.close();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** powercap: positioned read of energy_uj on a kept-open channel, ASCII parse. */
    @Benchmark
    public long powercapRead() {
        powercap.read(values);
        return values[0];
    }

    /** perf_event: read(2) of the 64-bit count through JNA direct mapping. */
    @Benchmark
    public long perfRead() {
        perf.read(values);
        return values[0];
    }

    /** perf_event: the same read path on an event that is always read locally (this thread's task clock). */
    @Benchmark
    public long perfReadLocal() {
        perfLocal.read(values);
        return values[0];
    }

    /** powercap's reader on a real sysfs attribute (kernfs + show() formatting; no MSR behind it). */
    @Benchmark
    public long powercapReadSysfs() {
        sysfsAttribute.read(values);
        return values[0];
    }
}
