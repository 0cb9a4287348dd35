package io.github.energy4j.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.AttributionLevel;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.k8s.cgroup.CgroupCpuAccountingTest;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container-level attribution end to end: a meter over a fake host whose containers are known only from the
 * cgroup tree (no process of theirs is in /proc), so every joule a container gets must come from its
 * {@code cpu.stat}.
 */
class ContainerLevelAttributionTest {

    static final String APP = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    static final String BATCH = "5c1b9f6d2e8a4b7c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
    static final String SLICE = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
            + "03f3f104_3215_44f2_9686_d4dd1f05a7ed.slice/";

    @TempDir
    Path tmp;

    @Test
    void shouldSplitEnergyByContainerCpuStatWithoutReadingProcessesAndConserveIt() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        long tps = FakeProcfs.userHz();
        FakeProcfs p = FakeProcfs.create(proc).cpus(2).cpuTicks(10 * tps, 0, 0, 100 * tps, 0, 0, 0, 0)
                .process(1, "systemd", 1, 1, 1).cgroup(1, "0::/init.scope\n");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 1_000_000);
        Path fs = sys.resolve("fs/cgroup");
        FakeProcfs.write(fs.resolve("cgroup.controllers"), "cpu memory pids\n");
        FakeProcfs.write(fs.resolve("cgroup.stat"), "nr_descendants 7\nnr_dying_descendants 0\n");
        Path app = fs.resolve(SLICE + "cri-containerd-" + APP + ".scope");
        Path batch = fs.resolve(SLICE + "cri-containerd-" + BATCH + ".scope");
        usage(app, 5_000_000);
        usage(batch, 1_000_000);
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).processLevel(false)
                .providers(List.of(new FileCounterProvider())).idlePolicy(IdlePolicy.none()).build()) {
            m.sampleNow();
            assertEquals(AttributionLevel.CONTAINER, m.attributionLevel());

            // 4 s of node CPU: app 2 s, batch 1 s, the rest is outside containers; 40 J
            p.advanceCpu(4 * tps, 0);
            usage(app, 7_000_000);
            usage(batch, 2_000_000);
            FileCounterProvider.energy(sys, "package-0", 41_000_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            assertTrue(s.processes().isEmpty(), "no process-level output: " + s.processes());
            Map<String, Double> j = byId(s);
            assertEquals(20.0, j.get(APP), 1e-9);
            assertEquals(10.0, j.get(BATCH), 1e-9);
            assertEquals(10.0, s.unattributedJoules(), 1e-9);

            // batch finishes: its cgroup goes away; its energy stays, app takes all of the next interval
            CgroupCpuAccountingTest.delete(batch);
            FakeProcfs.write(fs.resolve("cgroup.stat"), "nr_descendants 6\nnr_dying_descendants 1\n");
            p.advanceCpu(2 * tps, 0);
            usage(app, 9_000_000);
            FileCounterProvider.energy(sys, "package-0", 61_000_000);
            m.sampleNow();
            s = m.snapshot();
            j = byId(s);
            assertEquals(40.0, j.get(APP), 1e-9);
            assertEquals(10.0, j.get(BATCH), 1e-9, "a finished container keeps its joules during retention");
            for (WorkloadEnergy w : s.workloads()) {
                assertEquals(w.workload().id().equals(APP), w.running(), w.workload().id());
            }
            double sum = s.workloads().stream().mapToDouble(WorkloadEnergy::joules).sum();
            assertEquals(s.nodeJoules(), sum + s.unattributedJoules() + s.idleJoules() + s.retiredProcessJoules(),
                    1e-9);
            assertEquals(60.0, s.nodeJoules(), 1e-9);
            assertEquals(0L, m.stats().workloadCpuErrors());
        }
    }

    @Test
    void shouldStayAtProcessLevelWhenProcessOutputIsWanted() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs.create(proc).cpuTicks(100, 0, 0, 100, 0, 0, 0, 0).process(1, "init", 1, 1, 1)
                .cgroup(1, "0::/init.scope\n");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        FakeProcfs.write(sys.resolve("fs/cgroup/cgroup.controllers"), "cpu\n");
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys)
                .providers(List.of(new FileCounterProvider())).build()) {
            m.sampleNow();
            assertEquals(AttributionLevel.PROCESS, m.attributionLevel());
            assertEquals(1, m.snapshot().processes().size());
        }
    }

    private static void usage(Path dir, long usec) {
        FakeProcfs.write(dir.resolve("cpu.stat"), "usage_usec " + usec + "\nuser_usec 0\nsystem_usec 0\n");
    }

    private static Map<String, Double> byId(EnergySnapshot s) {
        Map<String, Double> m = new HashMap<>();
        for (WorkloadEnergy w : s.workloads()) {
            m.put(w.workload().id(), w.joules());
        }
        return m;
    }
}
