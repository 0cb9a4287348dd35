package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.k8s.K8sWorkloadResolver;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadCpuReader;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CgroupCpuAccountingTest {

    static final String APP = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    static final String SIDECAR = "5c1b9f6d2e8a4b7c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
    static final String DOCKER = "7e2b0a6c9d8f4e3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a";
    static final String KIND_NODE = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
    static final String POD_UID_ = "03f3f104_3215_44f2_9686_d4dd1f05a7ed";

    @TempDir
    Path sys;

    static String podSlice() {
        return "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + POD_UID_ + ".slice";
    }

    private Path v2() {
        Path fs = sys.resolve("fs/cgroup");
        FakeProcfs.write(fs.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        return fs;
    }

    static void usage(Path dir, long usec) {
        FakeProcfs.write(dir.resolve("cpu.stat"), "usage_usec " + usec + "\nuser_usec " + (usec / 2)
                + "\nsystem_usec " + (usec - usec / 2) + "\nnr_periods 0\n");
    }

    static void descendants(Path fs, int n) {
        FakeProcfs.write(fs.resolve("cgroup.stat"), "nr_descendants " + n + "\nnr_dying_descendants 0\n");
    }

    private static Map<String, Long> readAll(WorkloadCpuReader r) {
        Map<String, Long> out = new LinkedHashMap<>();
        int n = r.read((w, ns) -> out.put(w.id(), ns));
        assertEquals(out.size(), n, "return value counts the workloads handed over");
        return out;
    }

    private static CgroupCpuAccounting open(Path sys, int relistEvery) {
        return CgroupCpuAccounting.open(sys, c -> K8sWorkloadResolver.toWorkload(c, PodView.EMPTY), relistEvery)
                .orElseThrow();
    }

    @Test
    void shouldReadOneCounterPerInnermostContainerAndSkipHostUnitsAndNodeContainers() {
        Path fs = v2();
        descendants(fs, 9);
        usage(fs.resolve(podSlice()).resolve("cri-containerd-" + APP + ".scope"), 1_500_000);
        usage(fs.resolve(podSlice()).resolve("crio-conmon-" + SIDECAR + ".scope"), 7);
        usage(fs.resolve("system.slice/docker-" + DOCKER + ".scope"), 250);
        usage(fs.resolve("system.slice/sshd.service"), 99_000);
        usage(fs.resolve("user.slice/user-1000.slice/session-3.scope"), 88_000);
        Path kind = fs.resolve("system.slice/docker-" + KIND_NODE + ".scope");
        usage(kind, 10_000_000); // includes the pod below: must not be counted as well
        usage(kind.resolve("kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice"
                + "/kubelet-kubepods-besteffort-pod" + POD_UID_ + ".slice/cri-containerd-" + SIDECAR + ".scope"), 42);
        try (CgroupCpuAccounting a = open(sys, 10)) {
            assertEquals(2, a.version());
            Map<String, Long> got = readAll(a);
            assertEquals(Map.of(APP, 1_500_000_000L, DOCKER, 250_000L, SIDECAR, 42_000L), got);
        }
    }

    @Test
    void shouldFindNewContainersWhenTheDescendantCountChangesAndDropRemovedOnes() throws IOException {
        Path fs = v2();
        descendants(fs, 4);
        Path app = fs.resolve(podSlice()).resolve("cri-containerd-" + APP + ".scope");
        usage(app, 100);
        try (CgroupCpuAccounting a = open(sys, 1_000_000)) {
            assertEquals(Map.of(APP, 100_000L), readAll(a));
            Path side = fs.resolve(podSlice()).resolve("cri-containerd-" + SIDECAR + ".scope");
            usage(side, 5);
            usage(app, 300);
            assertEquals(Map.of(APP, 300_000L), readAll(a), "count unchanged: no walk yet");
            descendants(fs, 5);
            assertEquals(Map.of(APP, 300_000L, SIDECAR, 5_000L), readAll(a));
            delete(app);
            descendants(fs, 4);
            assertEquals(Map.of(SIDECAR, 5_000L), readAll(a), "a removed container is no longer handed over");
            assertEquals(1, a.containers());
            // on cgroupfs a removed cgroup's open file fails to read; here a garbled one stands in for that
            long walks = a.walks();
            FakeProcfs.write(side.resolve("cpu.stat"), "usage_usec garbage\n");
            assertEquals(Map.of(), readAll(a));
            assertEquals(walks, a.walks(), "the failed read only marks the next read to walk");
            readAll(a);
            assertEquals(walks + 1, a.walks(), "a failed counter read triggers one walk, at the next read");
            usage(side, 9);
            assertEquals(Map.of(SIDECAR, 9_000L), readAll(a), "recovers once it reads again");
            assertEquals(1, a.containers());
        }
    }

    @Test
    void shouldReadCpuacctUsageOnCgroupV1AndWalkEveryNReads() {
        Path v1 = sys.resolve("fs/cgroup/cpu,cpuacct");
        Path c = v1.resolve("kubepods/burstable/pod03f3f104-3215-44f2-9686-d4dd1f05a7ed").resolve(APP);
        FakeProcfs.write(c.resolve("cpuacct.usage"), "123456789\n");
        FakeProcfs.write(v1.resolve("system.slice/cron.service/cpuacct.usage"), "555\n");
        try (CgroupCpuAccounting a = open(sys, 3)) {
            assertEquals(1, a.version());
            assertEquals(Map.of(APP, 123_456_789L), readAll(a));
            Path d = v1.resolve("docker").resolve(DOCKER);
            FakeProcfs.write(d.resolve("cpuacct.usage"), "1000\n");
            assertEquals(1, readAll(a).size()); // read 2
            assertEquals(2, readAll(a).size(), "read 3 walks the tree again");
        }
    }

    @Test
    void shouldOfferNothingWithoutACgroupTree() {
        assertFalse(CgroupCpuAccounting.open(sys, c -> Workload.HOST, 1).isPresent());
    }

    @Test
    void shouldParseNrDescendantsAndRejectGarbage() {
        byte[] ok = "nr_descendants 17\nnr_dying_descendants 2\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(17, CgroupCpuAccounting.parseNrDescendants(ok, ok.length));
        byte[] bad = "nr_dying_descendants 2\nnr_descendants x\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, CgroupCpuAccounting.parseNrDescendants(bad, bad.length));
        assertEquals(-1, CgroupCpuAccounting.parseNrDescendants(new byte[0], 0));
    }

    public static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
