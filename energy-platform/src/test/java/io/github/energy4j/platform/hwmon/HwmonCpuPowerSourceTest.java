package io.github.energy4j.platform.hwmon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hwmon trees as the drivers lay them out: {@code amd_energy} (kernel {@code Documentation/hwmon/amd_energy.rst}:
 * {@code energyN_input} in µJ, labels {@code Ecore000}..., then {@code Esocket0}...), {@code zenpower}
 * ({@code SVI2_P_Core}/{@code SVI2_P_SoC} in µW), NVIDIA Grace's ACPI power meters ({@code power1_average} in µW and
 * {@code power1_oem_info}), and board sensors labelled by their rail.
 */
class HwmonCpuPowerSourceTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new HwmonCpuPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        HwmonTree t = new HwmonTree(dir.resolve("sys"));
        amdEnergy(t, 1, 2, 2);
        return SourceContext.of(dir.resolve("proc"), t.sysfs());
    }

    private static SourceContext host(HwmonTree t) {
        return SourceContext.of(t.sysfs().resolve("../proc"), t.sysfs());
    }

    /** amd_energy: the per-core counters first, then one per socket, numbered on from them. */
    private static void amdEnergy(HwmonTree t, int hwmon, int sockets, int coresPerSocket) {
        HwmonTree.Device d = t.device(hwmon, "amd_energy");
        int n = 1;
        for (int c = 0; c < sockets * coresPerSocket; c++, n++) {
            d.set("energy" + n + "_input", 1_000_000L * (c + 1)).set("energy" + n + "_label", String.format("Ecore%03d", c));
        }
        for (int s = 0; s < sockets; s++, n++) {
            d.set("energy" + n + "_input", 700_000_000L + s).set("energy" + n + "_label", "Esocket" + s);
        }
    }

    private static long[] readOnce(PowerSource s) {
        long[] v = new long[s.zones().size()];
        assertEquals(v.length, s.read(v));
        return v;
    }

    @Test
    void shouldReadAmdEnergySocketCountersAsPackageZonesAndLeaveTheCoreCountersOut() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        amdEnergy(t, 3, 2, 4);
        t.device(2, "k10temp").set("temp1_input", 45000).set("temp1_label", "Tctl");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(List.of("package-0", "package-1"), s.zones().stream().map(Zone::name).toList());
            for (Zone z : s.zones()) {
                assertEquals(Zone.Domain.PACKAGE, z.domain());
                assertEquals(Zone.Kind.ENERGY_COUNTER, z.kind());
                assertEquals(0, z.wrapModulus(), "the driver accumulates the 32-bit MSR into 64 bits");
            }
            assertEquals(1, s.zones().get(1).index());
            assertArrayEquals(new long[] {700_000_000L, 700_000_001L}, readOnce(s));
            assertEquals("hwmon-cpu", s.id());
        }
    }

    @Test
    void shouldAddZenpowersCoreAndSocRailsIntoThePackage() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        for (int socket = 0; socket < 2; socket++) {
            t.device(socket, "zenpower").set("power1_input", 40_000_000 + socket).set("power1_label", "SVI2_P_Core")
                    .set("power2_input", 15_000_000).set("power2_label", "SVI2_P_SoC")
                    .set("in1_input", 1100).set("in1_label", "SVI2_Core").set("temp1_input", 50000);
        }
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(List.of("package-0", "core-0", "package-1", "core-1"),
                    s.zones().stream().map(Zone::name).toList());
            assertEquals(Zone.Domain.CORE, s.zones().get(1).domain());
            assertArrayEquals(new long[] {55_000_000, 40_000_000, 55_000_001, 40_000_001}, readOnce(s));
            assertTrue(s.zones().get(0).device().contains("power1_input + power2_input"), s.zones().get(0).device());
        }
    }

    @Test
    void shouldMapGracesSocketMetersToCpuZonesAndKeepThemOutOfPlatformPower() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        String[][] meters = {{"Module Power Socket 0", "420000000"}, {"Grace Power Socket 0", "150000000"},
            {"CPU Power Socket 0", "110000000"}, {"SysIO Power Socket 0", "25000000"},
            {"Grace Power Socket 1", "160000000"}};
        for (int i = 0; i < meters.length; i++) {
            new HwmonTree.Device(t.sysfs().resolve("class/hwmon/hwmon" + i + "/device")).set("name", "power_meter")
                    .set("power1_oem_info", meters[i][0]).set("power1_average", meters[i][1])
                    .set("power1_average_interval", 50);
        }
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(List.of("package-0", "core-0", "uncore-0", "package-1"),
                    s.zones().stream().map(Zone::name).toList(), "the module (GPU included) is no CPU zone");
            assertEquals(Zone.Domain.UNCORE, s.zones().get(2).domain());
            assertArrayEquals(new long[] {150_000_000, 110_000_000, 25_000_000, 160_000_000}, readOnce(s));
        }
        Probe platform = new HwmonPowerSourceProvider().probe(host(t));
        assertFalse(platform.available(), "socket meters are no whole-machine meter: " + platform.zones());
        assertTrue(platform.reason().contains("power_meter (Grace Power Socket 0)"), platform.reason());
    }

    @Test
    void shouldTakeSensorsLabelledCpuButNotGpuRailsOrPlatformMeters() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "ina3221").set("power1_input", 3_000_000).set("power1_label", "VDD_CPU_GPU_CV")
                .set("power2_input", 1_500_000).set("power2_label", "VDD_SOC")
                .set("power3_input", 2_500_000).set("power3_label", "VDD_CPU");
        t.device(1, "acpi_power_meter").set("power1_average", 90_000_000).set("power1_label", "CPU");
        t.device(2, "amdgpu").set("power1_average", 30_000_000).set("power1_label", "PPT");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(List.of("package-0"), s.zones().stream().map(Zone::name).toList());
            assertArrayEquals(new long[] {2_500_000}, readOnce(s));
        }
        assertTrue(HwmonCpuScanner.namesCpu("CPU Power Socket 1"));
        assertTrue(HwmonCpuScanner.namesCpu("pkg1"));
        assertFalse(HwmonCpuScanner.namesCpu("VDD_CPU_GPU_CV"));
        assertFalse(HwmonCpuScanner.namesCpu("cpufan"), "a word, not a prefix");
    }

    @Test
    void shouldSayWhichDevicesItSawWhenNoneMeasuresTheCpu() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "k10temp").set("temp1_input", 45000);
        t.device(1, "nvme").set("temp1_input", 38000);
        Probe p = provider().probe(host(t));
        assertFalse(p.available());
        assertTrue(p.reason().endsWith("(hwmon devices: k10temp, nvme)"), p.reason());
        assertTrue(p.remedy().contains("modprobe amd_energy"), p.remedy());
    }

    @Test
    void shouldBeTheMetersCpuSourceWhereRaplIsAbsent() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        amdEnergy(t, 0, 1, 2);
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(10, "worker", 5, 0, 1);
        try (EnergyMeter m = EnergyMeter.builder().procfs(proc).sysfs(t.sysfs()).build()) {
            SourceStatus cpu = m.sources().stream().filter(SourceStatus::selected)
                    .filter(st -> st.zones().stream().anyMatch(z -> z.domain() == Zone.Domain.PACKAGE))
                    .findFirst().orElseThrow();
            assertEquals("hwmon-cpu", cpu.id(), "measured hwmon energy before the model's estimate: " + m.sources());
            assertTrue(m.zones().stream().anyMatch(z -> z.name().equals("package-0") && !z.estimated()));
        }
    }
}
