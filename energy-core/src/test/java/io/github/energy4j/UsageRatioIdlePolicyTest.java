package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.ProcessActivity;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kepler's attribution rule as an idle policy: each interval's energy splits by the node's CPU usage ratio of that
 * interval, and the processes share all active energy by their CPU ticks.
 */
class UsageRatioIdlePolicyTest {

    @TempDir
    Path tmp;

    private EnergyMeter meter(Path proc, Path sys, IdlePolicy idle) {
        return EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider())).idlePolicy(idle).build();
    }

    private static ProcessEnergy pid(EnergySnapshot s, int pid) {
        return s.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    @Test
    void shouldSplitEachIntervalByItsCpuUsageRatioAndGiveAllActiveEnergyToTheProcesses() {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "web", 10, 0, 50).process(200, "batch", 20, 0, 60);
        FileCounterProvider.zone(sys, "dram-0", Zone.Domain.DRAM, 1L << 40, 0);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        try (EnergyMeter m = meter(proc, sys, IdlePolicy.usageRatio())) {
            m.sampleNow();
            // 100 busy of 400 ticks (25 %); the processes account for 90 of the busy ticks
            p.cpuTicks(1100, 0, 0, 5290, 10, 0, 0, 0).process(100, "web", 40, 0, 50).process(200, "batch", 80, 0, 60);
            FileCounterProvider.energy(sys, "package-0", 10_000_000);
            FileCounterProvider.energy(sys, "dram-0", 2_000_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            ZoneEnergy dram = s.zones().get(0);
            ZoneEnergy pkg = s.zones().get(1);
            assertEquals("package-0", pkg.name());
            assertEquals(2.5, pkg.activeJoules(), 1e-9);
            assertEquals(7.5, pkg.idleJoules(), 1e-9);
            assertEquals(0.5, dram.activeJoules(), 1e-9);
            assertEquals(1.5, dram.idleJoules(), 1e-9);
            assertEquals(2.5 * 30 / 90, pid(s, 100).zoneJoules().get(1), 1e-9);
            assertEquals(2.5 * 60 / 90, pid(s, 200).zoneJoules().get(1), 1e-9);
            assertEquals(0.0, pkg.unattributedJoules(), 1e-9);

            // 300 busy of 400 (75 %): 3 of 4 J active, web 10 and batch 50 ticks
            p.cpuTicks(1400, 0, 0, 5390, 10, 0, 0, 0).process(100, "web", 50, 0, 50).process(200, "batch", 130, 0, 60);
            FileCounterProvider.energy(sys, "package-0", 14_000_000);
            FileCounterProvider.energy(sys, "dram-0", 2_000_000);
            m.sampleNow();
            s = m.snapshot();
            pkg = s.zones().get(1);
            assertEquals(5.5, pkg.activeJoules(), 1e-9);
            assertEquals(8.5, pkg.idleJoules(), 1e-9);
            assertEquals(2.5 * 30 / 90 + 3.0 * 10 / 60, pid(s, 100).zoneJoules().get(1), 1e-9);
            assertEquals(2.5 * 60 / 90 + 3.0 * 50 / 60, pid(s, 200).zoneJoules().get(1), 1e-9);
            assertEquals(pkg.activeJoules(), pid(s, 100).zoneJoules().get(1) + pid(s, 200).zoneJoules().get(1), 1e-9,
                    "the processes add up to the node's active energy");
        }
    }

    /**
     * One GPU whose counter and process list a test sets: a stand-in for NVML (a source with per-process
     * activity), configured with 50 W of idle power like {@code nvml.idleWatts}.
     */
    static final class Gpu implements PowerSourceProvider {
        volatile long millijoules;
        volatile int pid;

        @Override
        public String id() {
            return "test-gpu";
        }

        @Override
        public Zone.Group group() {
            return Zone.Group.GPU;
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public String description() {
            return "a GPU set by the test";
        }

        private static Zone zone() {
            return new Zone("gpu-0", 0, Zone.Domain.GPU, Zone.Kind.ENERGY_COUNTER, 1e-3, 0, 700, 50, false, "GPU-test");
        }

        @Override
        public Probe probe(SourceContext context) {
            return Probe.available(List.of(zone()));
        }

        @Override
        public PowerSource open(SourceContext context) {
            return new Source();
        }

        private final class Source implements PowerSource, ProcessActivity {
            @Override
            public String id() {
                return "test-gpu";
            }

            @Override
            public List<Zone> zones() {
                return List.of(zone());
            }

            @Override
            public int read(long[] values) {
                values[0] = millijoules;
                return 1;
            }

            @Override
            public String lastError() {
                return "";
            }

            @Override
            public int readActivity(int zoneIndex, int[] pids, double[] weights) {
                pids[0] = pid;
                weights[0] = 1;
                return 1;
            }

            @Override
            public void close() {
            }
        }
    }

    @Test
    void shouldSplitAGpuByItsIdlePowerNotByTheCpuUsageRatio() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0).process(100, "train", 10, 0, 50);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        Gpu gpu = new Gpu();
        gpu.pid = 100;
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider(), gpu)).idlePolicy(IdlePolicy.usageRatio()).build()) {
            m.sampleNow();
            Thread.sleep(200);
            p.cpuTicks(1100, 0, 0, 5300, 0, 0, 0, 0).process(100, "train", 110, 0, 50);
            FileCounterProvider.energy(sys, "package-0", 10_000_000);
            gpu.millijoules = 200_000; // 200 J
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            ZoneEnergy cpu = s.zones().get(0);
            ZoneEnergy g = s.zones().get(1);
            assertEquals("gpu-0", g.name());
            assertEquals(2.5, cpu.activeJoules(), 1e-9, "the CPU zone by the usage ratio, 25 %");
            double seconds = s.elapsed().toNanos() * 1e-9;
            assertEquals(200 - 50 * seconds, g.activeJoules(), 1e-6, "the GPU by its 50 W idle power");
            assertTrue(g.activeJoules() < 200 && g.activeJoules() > 0.25 * 200, g.toString());
            assertEquals(g.activeJoules(), pid(s, 100).zoneJoules().get(1), 1e-9);
        }
    }

    @Test
    void shouldLeaveTheDefaultRuleDividingByTheNodesBusyTicks() {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "web", 10, 0, 50);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        try (EnergyMeter m = meter(proc, sys, IdlePolicy.none())) {
            m.sampleNow();
            p.cpuTicks(1100, 0, 0, 5300, 0, 0, 0, 0).process(100, "web", 40, 0, 50);
            FileCounterProvider.energy(sys, "package-0", 10_000_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            assertEquals(10.0, s.zones().get(0).activeJoules(), 1e-9);
            assertEquals(10.0 * 30 / 100, pid(s, 100).joules(), 1e-9, "30 of the node's 100 busy ticks");
            assertEquals(7.0, s.zones().get(0).unattributedJoules(), 1e-9);
        }
    }

    @Test
    void shouldAddNoAllocationToATick() {
        // the test sensor re-opens its files on every read, which allocates on its own; the rule must add nothing.
        // Each policy is measured twice, interleaved, and the smaller figure kept: the JIT settles in the meantime
        long none = Math.min(allocatedIn1000Ticks(IdlePolicy.none(), "a"), allocatedIn1000Ticks(IdlePolicy.none(), "c"));
        long usage = Math.min(allocatedIn1000Ticks(IdlePolicy.usageRatio(), "b"),
                allocatedIn1000Ticks(IdlePolicy.usageRatio(), "d"));
        // 16 bytes per tick (one boxed value) would be 16,000; less than without the rule is fine (escape analysis
        // may remove some of the sensor's allocations in one run and not in another)
        assertTrue(usage - none < 8_000, "usage-ratio: " + usage + " bytes in 1000 ticks, none: " + none);
    }

    private long allocatedIn1000Ticks(IdlePolicy idle, String dir) {
        Path proc = tmp.resolve(dir).resolve("proc");
        Path sys = tmp.resolve(dir).resolve("sys");
        FakeProcfs.create(proc).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "web", 10, 0, 50).process(200, "batch", 20, 0, 60);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        FileCounterProvider.zone(sys, "dram-0", Zone.Domain.DRAM, 1L << 40, 0);
        // processes are kept open and never listed again (a quiet node's steady state), so the scan allocates nothing
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).workloadResolvers(false)
                .listProcessesEverySample(false).providers(List.of(new FileCounterProvider())).idlePolicy(idle)
                .build()) {
            for (int i = 0; i < 1000; i++) {
                m.sampleNow();
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++) {
                m.sampleNow();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            return allocated;
        }
    }
}
