package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU figure of an {@link EnergyScope} through the whole meter and the stand-in NVML library:
 * only the intervals inside the scope count, and a process in another pid namespace than NVML's gets
 * an estimate from the pids that are not in its proc root, on the GPUs it may use, and only then.
 */
class NvmlEnergyScopeTest {

    private static final double EPS = 1e-9;
    private static final int SELF = (int) ProcessHandle.current().pid();
    /** A host pid of a process that our (fake) proc root does not have: another pid namespace. */
    private static final int FOREIGN = SELF == 999_999 ? 999_998 : 999_999;
    private static final String UUID_A = "GPU-aaaaaaaa-1111-2222-3333-444444444444";
    private static final String UUID_B = "GPU-bbbbbbbb-1111-2222-3333-444444444444";

    @TempDir
    Path tmp;

    private FakeProcfs proc;
    private long selfTicks = 10;

    private EnergyMeter meter(String scenario, Map<String, String> env) throws Exception {
        return meter(scenario, env, true);
    }

    private EnergyMeter meter(String scenario, Map<String, String> env, boolean listEverySample) throws Exception {
        return meter(scenario, env, listEverySample, true);
    }

    private EnergyMeter meter(String scenario, Map<String, String> env, boolean listEverySample, boolean allProcesses)
            throws Exception {
        // this JVM and pid 900 live in the meter's proc root; FOREIGN does not
        proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 100, 0, 0, 0, 0)
                .process(SELF, "java", selfTicks, 0, 5).process(900, "other", 10, 0, 6).process(901, "third", 10, 0, 7);
        NvmlStub.context(tmp.resolve("nvml"), scenario);
        EnergyMeter m = EnergyMeter.builder().allProcesses(allProcesses).procfs(proc.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(new NvmlPowerSourceProvider()))
                .config(NvmlPowerSourceProvider.LIBRARY_KEY, NvmlStub.library().toString())
                .environment(env::get).idlePolicy(IdlePolicy.none()).interval(Duration.ofHours(1))
                .listProcessesEverySample(listEverySample).build();
        // start the background sampler and let its first (early) tick pass, so that only the samples
        // of the test fall inside the scopes
        m.start();
        Thread.sleep(400);
        return m;
    }

    /** One sampling interval; the CPU counters move when {@code cpuMoves}, so a CPU price exists. */
    private void sample(EnergyMeter m, boolean cpuMoves) {
        if (cpuMoves) {
            selfTicks += 10;
            proc.advanceCpu(20, 5).process(SELF, "java", selfTicks, 0, 5);
        }
        m.sampleNow();
    }

    /** Opens a scope after two intervals, closes it after three more. */
    private EnergyScope threeIntervalScope(EnergyMeter m) {
        sample(m, true);
        sample(m, true);
        EnergyScope s = m.scope("step");
        for (int i = 0; i < 3; i++) {
            sample(m, true);
        }
        s.close();
        return s;
    }

    private static String oneGpu(String procutil) {
        StringBuilder procs = new StringBuilder();
        for (String e : procutil.split(",")) {
            procs.append(procs.length() == 0 ? "" : ",").append(e, 0, e.indexOf(':')).append(":1048576");
        }
        return "count=1\n0.uuid=" + UUID_A + "\n0.energy.step=2000\n0.procs=" + procs + "\n0.procutil=" + procutil + "\n";
    }

    @Test
    void shouldCountOnlyTheGpuEnergyInsideAScopeClosedBeforeTheFirstCpuPrice() throws Exception {
        // the CPU counters never move, so closing the scope samples for a while to establish a price;
        // those samples come after the scope and their GPU energy is not the scope's
        try (EnergyMeter m = meter(oneGpu(SELF + ":60," + 900 + ":20"), Map.of())) {
            EnergyScope s = m.scope("early");
            for (int i = 0; i < 3; i++) {
                sample(m, false);
            }
            s.close();
            assertEquals(3 * 2.0 * 0.75, s.gpuJoules(), EPS, "three intervals of 2 J, this process's 75 %");
            assertEquals(Provenance.MEASURED, s.gpuSource());
            assertEquals(Provenance.UNAVAILABLE, s.source(), "no CPU price: the CPU figure is unknown");
            EnergySnapshot after = m.snapshot();
            assertEquals(true, after.zones().get(0).joules() > 3 * 2.0, "the meter did sample after the scope");
        }
    }

    @Test
    void shouldEstimateThisProcesssGpuShareWhenItRunsInAnotherPidNamespace() throws Exception {
        // NVML reports host pids: this JVM is FOREIGN there, never SELF
        try (EnergyMeter m = meter(oneGpu(FOREIGN + ":60,900:20"), Map.of())) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(3 * 2.0 * 0.75, s.gpuJoules(), EPS, "the share of the pid that is not in our proc root");
            assertEquals(Provenance.ESTIMATED, s.gpuSource());
            assertEquals(Provenance.ESTIMATED, s.result().gpuSource());

            // the node's figures do not change: that energy stays unattributed there
            EnergySnapshot snap = m.snapshot();
            ZoneEnergy gpu = snap.zones().get(0);
            double procs = 0;
            for (ProcessEnergy p : snap.processes()) {
                procs += p.zoneJoules().get(0);
                if (p.pid() == SELF) {
                    assertEquals(0.0, p.zoneJoules().get(0), EPS, "no pid of ours is on the GPU");
                }
            }
            assertEquals(gpu.joules() * 0.25, procs, EPS, "pid 900's share only");
            assertEquals(gpu.joules() * 0.75, gpu.unattributedJoules(), EPS);
            assertEquals(gpu.joules(), procs + gpu.unattributedJoules() + gpu.idleJoules(), EPS, "conservation");
        }
    }

    @Test
    void shouldNotCreditAMeterThatReadsOnlyItselfWithTheGpuShareOfProcessesItDoesNotTrack() throws Exception {
        // an embedded meter tracks only SELF; pid 900 exists in its proc root, so it is someone else's work on
        // the GPU, not this process in another pid namespace: only FOREIGN's share is the estimate
        try (EnergyMeter m = meter(oneGpu(FOREIGN + ":60,900:20"), Map.of(), true, false)) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(3 * 2.0 * 0.75, s.gpuJoules(), EPS, "FOREIGN's 60 of 80, never pid 900's 20");
            assertEquals(Provenance.ESTIMATED, s.gpuSource());
            EnergySnapshot snap = m.snapshot();
            assertEquals(1, snap.processes().size(), "only this process is read");
            ZoneEnergy gpu = snap.zones().get(0);
            assertEquals(gpu.joules(), gpu.unattributedJoules() + gpu.idleJoules(), EPS,
                    "nothing of the GPU is attributed to this process, and nothing is lost");
        }
    }

    @Test
    void shouldNotEstimateWhenThisProcessIsFoundInAGpuList() throws Exception {
        try (EnergyMeter m = meter(oneGpu(SELF + ":60," + FOREIGN + ":20"), Map.of())) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(3 * 2.0 * 0.75, s.gpuJoules(), EPS, "our own share, nothing of the foreign pid");
            assertEquals(Provenance.MEASURED, s.gpuSource());
        }
    }

    @Test
    void shouldNotEstimateFromPidsThatExistInTheProcRoot() throws Exception {
        // a meter that sees every pid (hostPID): the GPU's processes are someone else's, never ours
        try (EnergyMeter m = meter(oneGpu("900:60,901:20"), Map.of())) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(0.0, s.gpuJoules(), EPS);
            assertEquals(Provenance.MEASURED, s.gpuSource());
        }
    }

    @Test
    void shouldKeepTheEstimateOffOnceThisProcessWasFoundInAList() throws Exception {
        // this JVM shares the GPU until NVML read 3 (so NVML reports pids of our namespace), then only
        // FOREIGN runs: that is another namespace's process, not ours, and the scope gets nothing of it
        String scenario = "count=1\n0.uuid=" + UUID_A + "\n0.energy.step=2000\n0.procs=" + SELF + ":1," + FOREIGN
                + ":1\n0.procutil=" + SELF + ":50," + FOREIGN + ":50\n0.later.from=4\n0.later.procs=" + FOREIGN
                + ":1\n0.later.procutil=" + FOREIGN + ":100\n";
        try (EnergyMeter m = meter(scenario, Map.of())) {
            sample(m, true); // NVML read 3: this process is in the list
            double before = m.snapshot().zones().get(0).unattributedJoules();
            EnergyScope s = m.scope("after");
            for (int i = 0; i < 3; i++) {
                sample(m, true);
            }
            s.close();
            assertEquals(0.0, s.gpuJoules(), EPS);
            assertEquals(Provenance.MEASURED, s.gpuSource());
            assertEquals(3 * 2.0, m.snapshot().zones().get(0).unattributedJoules() - before, EPS, "FOREIGN's energy");
        }
    }

    @Test
    void shouldNotAllocateInTheSamplerTickWithGpuActivityAndTheEstimateAfterWarmUp() throws Exception {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // the fake proc root is listed only once (listing a directory allocates inside the JDK), as on procfs
        try (EnergyMeter m = meter(twoGpus(FOREIGN, 900), Map.of(), false)) {
            for (int i = 0; i < 5_000; i++) {
                m.sampleNow();
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 2_000; i++) {
                m.sampleNow();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 2_000, "allocated " + allocated + " bytes in 2000 ticks");
            EnergyScope s = m.scope("check");
            m.sampleNow();
            s.close();
            assertEquals(Provenance.ESTIMATED, s.gpuSource(), "the estimate path ran in these ticks");
        }
    }

    private static String twoGpus(int pid0, int pid1) {
        return "count=2\n0.uuid=" + UUID_A + "\n0.energy.step=2000\n0.procs=" + pid0 + ":1\n0.procutil=" + pid0
                + ":50\n1.uuid=" + UUID_B + "\n1.energy.step=4000\n1.procs=" + pid1 + ":1\n1.procutil=" + pid1 + ":50\n";
    }

    @Test
    void shouldEstimateOnlyOnTheGpusThisProcessMayUse() throws Exception {
        // a foreign pid on each GPU (2 J and 4 J per interval); CUDA lets this process use GPU 1 only
        try (EnergyMeter m = meter(twoGpus(FOREIGN, FOREIGN - 1), Map.of("CUDA_VISIBLE_DEVICES", "GPU-bbbbbbbb"))) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(3 * 4.0, s.gpuJoules(), EPS, "GPU 1's foreign share only");
            assertEquals(Provenance.ESTIMATED, s.gpuSource());
        }
    }

    @Test
    void shouldNotEstimateWhenTheContainerRuntimeGaveThisProcessNoGpu() throws Exception {
        try (EnergyMeter m = meter(twoGpus(FOREIGN, FOREIGN - 1), Map.of("NVIDIA_VISIBLE_DEVICES", "void"))) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(0.0, s.gpuJoules(), EPS);
            assertEquals(Provenance.MEASURED, s.gpuSource());
        }
    }

    @Test
    void shouldEstimateOnEveryGpuWhenNoVisibilityIsSet() throws Exception {
        try (EnergyMeter m = meter(twoGpus(FOREIGN, FOREIGN - 1), Map.of())) {
            EnergyScope s = threeIntervalScope(m);
            assertEquals(3 * (2.0 + 4.0), s.gpuJoules(), EPS);
            assertEquals(Provenance.ESTIMATED, s.gpuSource());
        }
    }
}
