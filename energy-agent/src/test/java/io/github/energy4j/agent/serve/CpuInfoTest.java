package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoTest {

    @TempDir
    Path tmp;

    private Path procWith(String fixture) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Files.copy(Path.of(CpuInfoTest.class.getResource("/fixtures/cpuinfo/" + fixture).toURI()),
                proc.resolve("cpuinfo"));
        return proc;
    }

    @Test
    void shouldReadEveryLogicalCpuOfTwoX86SocketsWithVendorModelSocketAndCore() throws Exception {
        List<CpuInfo> cpus = CpuInfo.read(procWith("x86_64"));
        String model = "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz";
        assertEquals(List.of(
                new CpuInfo("0", "GenuineIntel", model, "0", "0"),
                new CpuInfo("1", "GenuineIntel", model, "0", "0"),
                new CpuInfo("2", "GenuineIntel", model, "1", "0"),
                new CpuInfo("3", "GenuineIntel", model, "1", "0")), cpus);
    }

    @Test
    void shouldLeaveVendorModelSocketAndCoreEmptyOnArm64WhereTheKernelDoesNotWriteThem() throws Exception {
        List<CpuInfo> cpus = CpuInfo.read(procWith("aarch64"));
        assertEquals(List.of(new CpuInfo("0", "", "", "", ""), new CpuInfo("1", "", "", "", "")), cpus);
    }

    @Test
    void shouldGiveNoCpusWhenCpuinfoIsMissingOrHasNoProcessorLines() {
        assertTrue(CpuInfo.read(tmp.resolve("nowhere")).isEmpty());
        assertTrue(CpuInfo.parse("garbage without colons\n\nvendor_id\t: X\n").isEmpty());
    }

    @Test
    void shouldSplitBlocksEvenWithoutTheBlankLineBetweenThem() {
        List<CpuInfo> cpus = CpuInfo.parse("processor\t: 0\ncore id\t\t: 4\nprocessor\t: 1\ncore id\t\t: 5");
        assertEquals(List.of(new CpuInfo("0", "", "", "", "4"), new CpuInfo("1", "", "", "", "5")), cpus);
    }
}
