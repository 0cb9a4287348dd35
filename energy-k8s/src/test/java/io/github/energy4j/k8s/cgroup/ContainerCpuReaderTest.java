package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCpuReaderTest {

    private static final String CPU_STAT = "usage_usec 8345123\nuser_usec 6000000\nsystem_usec 2345123\n"
            + "core_sched.force_idle_usec 0\nnr_periods 120\nnr_throttled 3\nthrottled_usec 45000\n"
            + "nr_bursts 0\nburst_usec 0\n";

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldParseUsageUsecWhenItIsTheFirstLineOfCpuStat() {
        byte[] b = bytes(CPU_STAT);
        assertEquals(8_345_123L, ContainerCpuReader.parseUsageUsec(b, b.length));
    }

    @Test
    void shouldFindUsageUsecWhenItIsNotTheFirstLine() {
        byte[] b = bytes("user_usec 1\nsystem_usec 2\nusage_usec 77\n");
        assertEquals(77L, ContainerCpuReader.parseUsageUsec(b, b.length));
    }

    @Test
    void shouldReturnMinusOneWhenUsageLineIsMissingOrCutByLength() {
        byte[] b = bytes("user_usec 1\nsystem_usec 2\n");
        assertEquals(-1L, ContainerCpuReader.parseUsageUsec(b, b.length));
        byte[] c = bytes("usage_usec 123\n");
        assertEquals(-1L, ContainerCpuReader.parseUsageUsec(c, 8), "length stops before the value");
    }

    @Test
    void shouldParseCpuacctUsageNanoseconds() {
        byte[] b = bytes("123456789012\n");
        assertEquals(123_456_789_012L, ContainerCpuReader.parseCpuacctUsage(b, b.length));
        byte[] bad = bytes("max\n");
        assertEquals(-1L, ContainerCpuReader.parseCpuacctUsage(bad, bad.length));
    }

    @Test
    void shouldReadUpdatedCounterWhenFileIsRewrittenBetweenReads() throws Exception {
        Path dir = tmp.resolve("fs/cgroup/kubepods.slice/cri-containerd-x.scope");
        FakeProcfs.write(dir.resolve("cpu.stat"), CPU_STAT);
        try (ContainerCpuReader r = ContainerCpuReader.open(dir, 2)) {
            assertEquals(8_345_123_000L, r.readUsageNanos());
            FakeProcfs.write(dir.resolve("cpu.stat"), "usage_usec 9000000\nuser_usec 1\n");
            assertEquals(9_000_000_000L, r.readUsageNanos());
        }
    }

    @Test
    void shouldReadCpuacctUsageWhenCgroupV1() throws Exception {
        Path dir = tmp.resolve("fs/cgroup/cpu,cpuacct/docker/abc");
        FakeProcfs.write(dir.resolve("cpuacct.usage"), "5000000000\n");
        try (ContainerCpuReader r = ContainerCpuReader.open(dir, 1)) {
            assertEquals(5_000_000_000L, r.readUsageNanos());
        }
    }

    @Test
    void shouldLocateAbsoluteAndNamespaceRelativeContainerCgroups() throws Exception {
        String id = CgroupParserTest.ID_A;
        String rel = "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + CgroupParserTest.UID_
                + ".slice/cri-containerd-" + id + ".scope";
        Path dir = tmp.resolve("fs/cgroup").resolve(rel);
        Files.createDirectories(dir);
        CgroupContainer abs = CgroupParser.parse("0::/" + rel + "\n");
        assertEquals(Optional.of(dir), ContainerCpuReader.locate(tmp, abs));
        CgroupContainer relative = CgroupParser.parse("0::/../../kubepods-besteffort-pod" + CgroupParserTest.UID_
                + ".slice/cri-containerd-" + id + ".scope\n");
        assertEquals(Optional.of(dir), ContainerCpuReader.locate(tmp, relative));
        assertFalse(ContainerCpuReader.locate(tmp, CgroupContainer.HOST).isPresent());
    }

    @Test
    void shouldLocateV1ContainerUnderCpuacctHierarchy() throws Exception {
        Path dir = tmp.resolve("fs/cgroup/cpu,cpuacct/docker").resolve(CgroupParserTest.ID_A);
        Files.createDirectories(dir);
        CgroupContainer c = CgroupParser.parse("4:cpu,cpuacct:/docker/" + CgroupParserTest.ID_A + "\n");
        Optional<Path> found = ContainerCpuReader.locate(tmp, c);
        assertTrue(found.isPresent());
        assertEquals(dir, found.get());
    }

    @Test
    void shouldReturnMinusOneWhenCgroupDisappears() throws Exception {
        Path dir = tmp.resolve("fs/cgroup/gone");
        FakeProcfs.write(dir.resolve("cpu.stat"), CPU_STAT);
        ContainerCpuReader r = ContainerCpuReader.open(dir, 2);
        r.close();
        assertEquals(-1L, r.readUsageNanos());
    }
}
