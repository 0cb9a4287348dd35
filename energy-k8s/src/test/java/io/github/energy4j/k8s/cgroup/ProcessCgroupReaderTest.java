package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCgroupReaderTest {

    @TempDir
    Path tmp;

    @Test
    void shouldServeCachedResultWhenSameProcessIdentityIsAskedAgain() {
        FakeProcfs p = FakeProcfs.create(tmp).process(42, "java", 1, 1, 500)
                .cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_A + ".scope\n");
        ProcessCgroupReader r = new ProcessCgroupReader(p.root());
        assertEquals(CgroupParserTest.ID_A, r.read(42, 500).containerId());
        // Same (pid, start time): the file is not read again
        p.cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_B + ".scope\n");
        assertEquals(CgroupParserTest.ID_A, r.read(42, 500).containerId());
        assertEquals(1, r.cachedCount());
    }

    @Test
    void shouldReparseWhenPidIsRecycledWithNewStartTime() {
        FakeProcfs p = FakeProcfs.create(tmp).process(42, "java", 1, 1, 500)
                .cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_A + ".scope\n");
        ProcessCgroupReader r = new ProcessCgroupReader(p.root());
        r.read(42, 500);
        p.exit(42).process(42, "sh", 0, 0, 900).cgroup(42, "0::/user.slice/user-1000.slice/session-2.scope\n");
        assertSame(CgroupContainer.HOST, r.read(42, 900));
    }

    @Test
    void shouldReturnHostWhenCgroupFileIsMissing() {
        FakeProcfs p = FakeProcfs.create(tmp);
        assertSame(CgroupContainer.HOST, new ProcessCgroupReader(p.root()).read(7, 1));
    }

    // --- processes that see their own cgroup as the root of their cgroup namespace ("0::/")

    private static final String MOUNTINFO = "/fixtures/mountinfo/";

    private static FakeProcfs inNamespace(Path root, int pid, String cgroup, String mountinfoFixture) {
        FakeProcfs p = FakeProcfs.create(root).process(pid, "app", 1, 1, 100).cgroup(pid, cgroup);
        if (mountinfoFixture != null) {
            try (InputStream in = ProcessCgroupReaderTest.class.getResourceAsStream(MOUNTINFO + mountinfoFixture)) {
                Files.write(root.resolve(Integer.toString(pid)).resolve("mountinfo"), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    @Test
    void shouldTakeTheDockerIdFromMountinfoWhenTheProcessSeesItsOwnCgroupAsRoot() {
        FakeProcfs p = inNamespace(tmp, 42, "0::/\n", "docker-cgroup-v2");
        CgroupContainer c = new ProcessCgroupReader(p.root()).read(42, 100);
        assertEquals("27dd334856663991c77c812ab2e9b80bc7ae94e09052908ea68991b3c7546149", c.containerId());
        assertEquals("docker", c.runtime());
        assertEquals("", c.cgroupPath(), "the namespace hides the path");
    }

    @Test
    void shouldTakeTheCrioContainersOwnIdNotThePodSandboxesFromMountinfo() {
        FakeProcfs p = inNamespace(tmp, 43, "0::/\n", "crio-kubernetes");
        CgroupContainer c = new ProcessCgroupReader(p.root()).read(43, 100);
        assertEquals("a5b297df12392b08ded07631cf183c28ccbcf1e9e1f67030eeceead5e9d31497", c.containerId());
        assertEquals("crio", c.runtime());
        assertEquals("1613d5d3-8e4c-473d-b432-7745a2b64498", c.podUid());
    }

    @Test
    void shouldReportOnlyThePodWhenContainerdMountsNameNothingButTheSandbox() {
        FakeProcfs p = inNamespace(tmp, 44, "0::/\n", "containerd-kubernetes");
        CgroupContainer c = new ProcessCgroupReader(p.root()).read(44, 100);
        assertFalse(c.isContainer(), "the sandbox id is the pause container's, not this one's: " + c);
        assertEquals("03ca1763-255f-46c2-84d2-74b5820aa3f7", c.podUid());
    }

    @Test
    void shouldReadMountinfoWhenEveryV1HierarchyIsAtItsNamespaceRoot() {
        FakeProcfs p = inNamespace(tmp, 45,
                "12:memory:/\n11:cpu,cpuacct:/\n10:cpuset:/\n2:rdma:/\n1:name=systemd:/\n", "v1-bind-mounted-hierarchies");
        CgroupContainer c = new ProcessCgroupReader(p.root()).read(45, 100);
        assertEquals("3d021013b422510e52fed2ab1b2ab77052b102a0c569e9bdcec805f1d67d9204", c.containerId());
        assertEquals("bae5abf0-307d-4197-af61-8733d8efd00d", c.podUid());
        assertEquals(QosClass.BESTEFFORT, c.qos());
    }

    @Test
    void shouldKeepARootCgroupProcessOnTheHostWhenItsMountsAreTheHosts() {
        FakeProcfs p = inNamespace(tmp, 2, "0::/\n", "host");
        assertSame(CgroupContainer.HOST, new ProcessCgroupReader(p.root()).read(2, 100));
    }

    @Test
    void shouldPreferTheCgroupFileOverMountinfoWhenTheFileNamesAContainer() {
        FakeProcfs p = inNamespace(tmp, 46, "0::/system.slice/docker-" + CgroupParserTest.ID_B + ".scope\n",
                "docker-cgroup-v2");
        assertEquals(CgroupParserTest.ID_B, new ProcessCgroupReader(p.root()).read(46, 100).containerId());
    }

    @Test
    void shouldReturnHostWhenTheProcessSeesItsCgroupAsRootAndHasNoMountinfo() {
        FakeProcfs p = inNamespace(tmp, 47, "0::/\n", null);
        assertSame(CgroupContainer.HOST, new ProcessCgroupReader(p.root()).read(47, 100));
    }
}
