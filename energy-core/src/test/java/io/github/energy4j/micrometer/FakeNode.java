package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.GridIntensity;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node with four counter zones (core-0, dram-0, package-0, psys-0; package and dram are the primary ones),
 * this JVM's pid and one other process in a fake /proc, metered with exact counter values. After
 * {@link #oneInterval()}: package 10 J, dram 4 J, core 6 J, psys 16 J; 100 busy ticks of which this JVM used 30
 * and the other process 60, so this JVM has 3 J of package, 1.2 J of dram and 1.8 J of core.
 */
final class FakeNode implements AutoCloseable {

    static final int SELF = (int) ProcessHandle.current().pid();
    static final int OTHER = SELF == 1 ? 2 : SELF - 1;
    /** 360 g/kWh at PUE 1: 1e-4 g per joule. */
    static final double GRAMS_PER_JOULE = 360 / 3.6e6;

    final EnergyMeter meter;
    private final Path sys;
    private final FakeProcfs proc;
    private final boolean selfInProc;
    private final Map<String, Long> counterUj = new HashMap<>(Map.of(
            "core-0", 2_000_000L, "dram-0", 3_000_000L, "package-0", 5_000_000L, "psys-0", 7_000_000L));
    private final Set<String> broken = new HashSet<>();
    private long selfTicks = 10;
    private long otherTicks = 20;

    private FakeNode(Path sys, FakeProcfs proc, boolean selfInProc, EnergyMeter meter) {
        this.sys = sys;
        this.proc = proc;
        this.selfInProc = selfInProc;
        this.meter = meter;
    }

    /** Builds the node and takes the baseline sample. */
    static FakeNode start(Path tmp, boolean carbon, boolean selfInProc) {
        Path procRoot = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(procRoot).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(OTHER, "other", 20, 0, 60);
        if (selfInProc) {
            p.process(SELF, "java", 10, 0, 50);
        }
        FileCounterProvider.zone(sys, "core-0", Zone.Domain.CORE, 1L << 40, 2_000_000);
        FileCounterProvider.zone(sys, "dram-0", Zone.Domain.DRAM, 1L << 40, 3_000_000);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 5_000_000);
        FileCounterProvider.zone(sys, "psys-0", Zone.Domain.PSYS, 1L << 40, 7_000_000); // as counterUj starts
        EnergyMeter.Builder b = EnergyMeter.builder().procfs(procRoot).sysfs(sys).workloadResolvers(false)
                .interval(Duration.ofMillis(200)).idlePolicy(IdlePolicy.none())
                .providers(List.of(new FileCounterProvider(), new CpuPowerModelProvider()));
        if (carbon) {
            b.gridIntensity(new FixedIntensity());
        }
        EnergyMeter m = b.build();
        m.sampleNow();
        return new FakeNode(sys, p, selfInProc, m);
    }

    /** One interval with the energy and CPU time described in the class comment. */
    void oneInterval() {
        counter("core-0", 6_000_000L);
        counter("dram-0", 4_000_000L);
        counter("package-0", 10_000_000L);
        counter("psys-0", 16_000_000L);
        proc.advanceCpu(100, 100);
        selfTicks += 30;
        otherTicks += 60;
        proc.process(OTHER, "other", otherTicks, 0, 60);
        if (selfInProc) {
            proc.process(SELF, "java", selfTicks, 0, 50);
        }
        meter.sampleNow();
    }

    /** Makes a zone's counter unreadable, as a failed sysfs read, until {@link #repairCounter}; it keeps counting. */
    void breakCounter(String zone) {
        broken.add(zone);
        FakeProcfs.write(sys.resolve("test-counter").resolve(zone).resolve("energy_uj"), "");
    }

    /** Makes a zone's counter readable again, with what it counted meanwhile. */
    void repairCounter(String zone) {
        broken.remove(zone);
        FileCounterProvider.energy(sys, zone, counterUj.get(zone));
    }

    private void counter(String zone, long addUj) {
        long uj = counterUj.merge(zone, addUj, Long::sum);
        if (!broken.contains(zone)) {
            FileCounterProvider.energy(sys, zone, uj);
        }
    }

    @Override
    public void close() {
        meter.close();
    }

    static final class FixedIntensity implements GridIntensity {
        @Override
        public double gramsPerKwh(long epochMillis) {
            return 360;
        }

        @Override
        public double pue() {
            return 1.0;
        }

        @Override
        public String provenance() {
            return "fixed 360 g/kWh (test)";
        }
    }
}
