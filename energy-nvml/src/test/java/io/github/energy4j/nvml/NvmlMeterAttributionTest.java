package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU attribution through the whole meter and the real JNA path: the GPU zone's energy is the sum
 * of the counter deltas, its active part goes to the processes by SM share (not by CPU time), and
 * a configured idle power is taken off first.
 */
class NvmlMeterAttributionTest {

    private static final double EPS = 1e-9;

    /** 2 J per read; pids 500 and 600 use 75 % and 25 % of the SMs. */
    private static final String ONE_GPU = """
            count=1
            0.energy.start=1000000
            0.energy.step=2000
            0.limit=700000
            0.procs=500:1048576,600:1048576
            0.procutil=500:75,600:25
            """;

    @TempDir
    Path tmp;

    private EnergyMeter meter(IdlePolicy policy, String idleWatts) throws Exception {
        // pid 7 burns CPU but never touches the GPU
        FakeProcfs proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 100, 0, 0, 0, 0)
                .process(500, "train.py", 10, 0, 5).process(600, "infer", 10, 0, 6).process(7, "cpu-hog", 900, 0, 7);
        NvmlStub.context(tmp.resolve("nvml"), ONE_GPU);
        EnergyMeter.Builder b = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(new NvmlPowerSourceProvider()))
                .config(NvmlPowerSourceProvider.LIBRARY_KEY, NvmlStub.library().toString()).idlePolicy(policy);
        if (idleWatts != null) {
            b.config(NvmlPowerSourceProvider.IDLE_WATTS_KEY, idleWatts);
        }
        return b.build();
    }

    private static Map<Integer, Double> gpuJoulesByPid(EnergySnapshot s) {
        Map<Integer, Double> out = new HashMap<>();
        for (ProcessEnergy p : s.processes()) {
            out.put(p.pid(), p.zoneJoules().get(0));
        }
        return out;
    }

    @Test
    void shouldGiveTheCounterDeltasToProcessesBySmShare() throws Exception {
        try (EnergyMeter m = meter(IdlePolicy.none(), null)) {
            for (int i = 0; i < 6; i++) {
                m.sampleNow();
            }
            EnergySnapshot s = m.snapshot();
            ZoneEnergy gpu = s.zones().get(0);
            assertEquals("gpu-0", gpu.name());
            assertEquals(10.0, gpu.joules(), EPS, "5 intervals of 2000 mJ");
            Map<Integer, Double> byPid = gpuJoulesByPid(s);
            assertEquals(7.5, byPid.get(500), EPS);
            assertEquals(2.5, byPid.get(600), EPS);
            assertEquals(0.0, byPid.getOrDefault(7, 0.0), EPS, "CPU time buys no GPU energy");
            assertEquals(0.0, gpu.idleJoules(), EPS);
            assertEquals(0.0, gpu.unattributedJoules(), EPS);
        }
    }

    @Test
    void shouldTakeTheConfiguredIdlePowerOffBeforeSplitting() throws Exception {
        try (EnergyMeter m = meter(IdlePolicy.auto(), "0.01")) {
            for (int i = 0; i < 6; i++) {
                m.sampleNow();
            }
            EnergySnapshot s = m.snapshot();
            ZoneEnergy gpu = s.zones().get(0);
            Map<Integer, Double> byPid = gpuJoulesByPid(s);
            double procs = byPid.get(500) + byPid.get(600);
            assertEquals(10.0, gpu.joules(), EPS);
            assertTrue(gpu.idleJoules() > 0 && gpu.idleJoules() < gpu.joules(), "idle " + gpu.idleJoules());
            assertEquals(gpu.joules(), procs + gpu.idleJoules() + gpu.unattributedJoules(), EPS, "conservation");
            assertEquals(3.0, byPid.get(500) / byPid.get(600), 1e-9, "the active rest split 75:25");
        }
    }

    @Test
    void shouldNotTakeBusyPowerForIdleWhenTheGpuIsBusyFromTheStart() throws Exception {
        // auto without nvml.idleWatts is min-observed; the GPU never has an interval without a compute
        // process, so there is nothing to learn idle from and every joule is the processes'
        try (EnergyMeter m = meter(IdlePolicy.auto(), null)) {
            for (int i = 0; i < 6; i++) {
                m.sampleNow();
            }
            EnergySnapshot s = m.snapshot();
            ZoneEnergy gpu = s.zones().get(0);
            Map<Integer, Double> byPid = gpuJoulesByPid(s);
            assertEquals(10.0, gpu.joules(), EPS);
            assertEquals(0.0, gpu.idleJoules(), EPS, "no interval without a compute process was seen");
            assertEquals(7.5, byPid.get(500), EPS);
            assertEquals(2.5, byPid.get(600), EPS);
        }
    }

    @Test
    void shouldLearnGpuIdleOnlyFromIntervalsWithoutComputeProcesses() throws Exception {
        // NVML reads 5-7 (samples 4-6; open reads once) idle with no compute process (0.5 J each), the others busy (3 J)
        FakeProcfs proc = FakeProcfs.create(tmp.resolve("proc-idle")).cpuTicks(1000, 0, 0, 100, 0, 0, 0, 0)
                .process(500, "train.py", 10, 0, 5).process(600, "infer", 10, 0, 6);
        NvmlStub.context(tmp.resolve("nvml-idle"), "count=1\n0.energy.step=3000\n0.idle.from=5\n0.idle.count=3\n"
                + "0.idle.step=500\n0.procs=500:1048576,600:1048576\n0.procutil=500:75,600:25\n");
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(new NvmlPowerSourceProvider()))
                .config(NvmlPowerSourceProvider.LIBRARY_KEY, NvmlStub.library().toString())
                .idlePolicy(IdlePolicy.minObserved()).build()) {
            for (int i = 0; i < 3; i++) {
                m.sampleNow();
                Thread.sleep(5);
            }
            ZoneEnergy busy = m.snapshot().zones().get(0);
            assertEquals(6.0, busy.joules(), EPS);
            assertEquals(0.0, busy.idleJoules(), EPS, "busy intervals teach idle nothing");

            for (int i = 0; i < 3; i++) {
                m.sampleNow();
                Thread.sleep(5);
            }
            EnergySnapshot s = m.snapshot();
            ZoneEnergy idle = s.zones().get(0);
            Map<Integer, Double> byPid = gpuJoulesByPid(s);
            assertEquals(7.5, idle.joules(), EPS);
            assertEquals(6.0, byPid.get(500) + byPid.get(600), EPS, "no process shares the idle intervals");
            assertTrue(idle.idleJoules() > 0, "learnt from the first idle interval on: " + idle.idleJoules());
            assertEquals(1.5, idle.idleJoules() + idle.unattributedJoules(), EPS);

            for (int i = 0; i < 4; i++) {
                m.sampleNow();
                Thread.sleep(5);
            }
            s = m.snapshot();
            ZoneEnergy after = s.zones().get(0);
            byPid = gpuJoulesByPid(s);
            double procs = byPid.get(500) + byPid.get(600);
            assertEquals(19.5, after.joules(), EPS);
            assertTrue(after.idleJoules() > idle.idleJoules(), "the learnt idle power is taken off busy intervals");
            assertEquals(after.joules(), procs + after.idleJoules() + after.unattributedJoules(), EPS, "conservation");
            assertEquals(3.0, byPid.get(500) / byPid.get(600), 1e-9);
        }
    }

    @Test
    void shouldReportThisProcesssGpuShareInAnEnergyScope() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        FakeProcfs proc = FakeProcfs.create(tmp.resolve("proc-self")).cpuTicks(1000, 0, 0, 100, 0, 0, 0, 0)
                .process(self, "java", 10, 0, 5).process(900, "other-trainer", 10, 0, 6);
        // this JVM and pid 900 share the GPU 60:20; 2 J per read
        NvmlStub.context(tmp.resolve("nvml-self"), "count=1\n0.energy.step=2000\n0.procs=" + self + ":1048576,900:1048576\n"
                + "0.procutil=" + self + ":60,900:20\n");
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(new NvmlPowerSourceProvider()))
                .config(NvmlPowerSourceProvider.LIBRARY_KEY, NvmlStub.library().toString())
                .idlePolicy(IdlePolicy.none()).interval(Duration.ofHours(1)).build()) {
            // start the background sampler and let its first (early) tick pass, so that only the
            // samples below fall inside the scope
            m.start();
            Thread.sleep(400);
            // CPU counters move, so the scope's CPU price exists and closing it samples nothing more
            long ticks = 10;
            for (int i = 0; i < 2; i++) {
                ticks += 10;
                proc.advanceCpu(20, 5).process(self, "java", ticks, 0, 5);
                m.sampleNow();
            }
            EnergyScope s = m.scope("train-step");
            for (int i = 0; i < 3; i++) {
                ticks += 10;
                proc.advanceCpu(20, 5).process(self, "java", ticks, 0, 5);
                m.sampleNow();
            }
            s.close();
            assertEquals(3 * 2.0 * 0.75, s.gpuJoules(), EPS, "three intervals of 2 J, this process's 75 %");
        }
    }
}
