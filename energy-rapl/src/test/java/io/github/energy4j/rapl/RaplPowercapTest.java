package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import io.github.energy4j.rapl.testing.FakePowercap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.rapl.internal.MsrDecoder;
import io.github.energy4j.rapl.internal.RaplIntervals;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplPowercapTest {

    @TempDir
    Path tmp;

    private final RaplPowerSourceProvider provider = new RaplPowerSourceProvider();

    private SourceContext ctx(FakePowercap p) {
        return new SourceContext(tmp.resolve("proc"), p.sysfs(), tmp.resolve("dev"), Map.of(), k -> null);
    }

    private static List<String> names(List<Zone> zones) {
        return zones.stream().map(Zone::name).toList();
    }

    private static long[] read(PowerSource s) {
        long[] v = new long[s.zones().size()];
        assertEquals(v.length, s.read(v));
        return v;
    }

    @Test
    void shouldOfferPackageCoreUncoreDramOfOneSocketWithKernelRangeAndLimits() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 51_234_567);
        p.zone("intel-rapl", "0:0", "core", 20_000_000, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "0:1", "uncore", 1_000, FakePowercap.INTEL_RANGE_UJ, 0);
        Path dram = p.zone("intel-rapl", "0:2", "dram", 7_777_777, 65_712_999_613L, 0);
        FakePowercap.set(dram, "constraint_0_max_power_uw", "39000000\n");

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "core-0", "uncore-0", "dram-0"), names(s.zones()));
            Zone pkg = s.zones().get(0);
            assertEquals(Zone.Domain.PACKAGE, pkg.domain());
            assertEquals(Zone.Kind.ENERGY_COUNTER, pkg.kind());
            assertEquals(1e-6, pkg.joulesPerUnit());
            assertEquals(FakePowercap.INTEL_RANGE_UJ + 1, pkg.wrapModulus());
            // long_term 125 W, short_term 156.25 W: the larger is the plausible maximum
            assertEquals(156.25, pkg.maxWatts(), 1e-9);
            assertEquals(Zone.Domain.CORE, s.zones().get(1).domain());
            assertEquals(Zone.Domain.UNCORE, s.zones().get(2).domain());
            Zone dz = s.zones().get(3);
            assertEquals(Zone.Domain.DRAM, dz.domain());
            assertEquals(65_712_999_614L, dz.wrapModulus());
            assertEquals(39.0, dz.maxWatts(), 1e-9);
            assertArrayEquals(new long[] {51_234_567, 20_000_000, 1_000, 7_777_777}, read(s));
        }
    }

    @Test
    void shouldReadAmdZenPackagesAndCoresWithTheirShorterRangeAndUnreadablePowerLimits() throws Exception {
        // AMD Zen through intel_rapl_msr: same names, ESU 16 (15,258 nJ in the kernel), and a
        // long_term constraint whose limit cannot be read because Zen has no RAPL power-limit MSR
        long amdRange = 65_532_610_987L;
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        for (String socket : List.of("0", "1")) {
            Path pkg = p.zone("intel-rapl", socket, "package-" + socket, 1_000 + Long.parseLong(socket), amdRange, 0);
            Path core = p.zone("intel-rapl", socket + ":0", "core", 500, amdRange, 0);
            for (Path z : List.of(pkg, core)) {
                Files.delete(z.resolve("constraint_0_power_limit_uw"));
                Files.createDirectory(z.resolve("constraint_0_power_limit_uw")); // a read fails, as EIO would
            }
        }
        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "package-1", "core-0", "core-1"), names(s.zones()));
            for (Zone z : s.zones()) {
                assertEquals(amdRange + 1, z.wrapModulus(), z.name());
                assertEquals(1000.0, z.maxWatts(), z.name());
            }
            // 65,532 J at 1000 W, halved: 32.77 s between reads at most
            assertEquals(32_766, RaplIntervals.maxSafeInterval(s.zones()).toMillis());
            assertArrayEquals(new long[] {1_000, 1_001, 500, 500}, read(s));
        }
    }

    @Test
    void shouldIdentifySocketsByNameNotByDirectoryIndex() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        // The kernel registered socket 1 first: intel-rapl:0 is package-1.
        p.pkg("0", "package-1", 111);
        p.zone("intel-rapl", "0:0", "dram", 112, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "0:1", "core", 113, FakePowercap.INTEL_RANGE_UJ, 0);
        p.pkg("1", "package-0", 1);
        p.zone("intel-rapl", "1:0", "dram", 2, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "1:1", "core", 3, FakePowercap.INTEL_RANGE_UJ, 0);

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "package-1", "core-0", "core-1", "dram-0", "dram-1"), names(s.zones()));
            assertEquals(List.of(0, 1, 0, 1, 0, 1), s.zones().stream().map(Zone::index).toList());
            assertArrayEquals(new long[] {1, 111, 3, 113, 2, 112}, read(s));
        }
    }

    @Test
    void shouldOfferPsysAsItsOwnZoneBesidePackage() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 5_000);
        p.zone("intel-rapl", "0:0", "core", 3_000, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "1", "psys", 9_000, FakePowercap.INTEL_RANGE_UJ, 0);

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "core-0", "psys"), names(s.zones()));
            Zone psys = s.zones().get(2);
            assertEquals(Zone.Domain.PSYS, psys.domain());
            assertEquals(0, psys.index());
            assertArrayEquals(new long[] {5_000, 3_000, 9_000}, read(s));
        }
    }

    @Test
    void shouldTakeMmioDuplicateOfPackageOnlyOnceAndPreferMsrInterface() throws Exception {
        // Real layout: intel-rapl:0 (MSR) and intel-rapl-mmio:0 both named package-0, same counter.
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path msrPkg = p.pkg("0", "package-0", 4_000);
        p.zone("intel-rapl", "0:0", "dram", 1_000, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl-mmio", "0", "package-0", 4_100, FakePowercap.INTEL_RANGE_UJ, 28_000_000);

        Probe probe = provider.probe(ctx(p));
        assertTrue(probe.available());
        assertEquals(List.of("package-0", "dram-0"), names(probe.zones()));
        assertEquals(msrPkg.toRealPath(), Path.of(probe.zones().get(0).device()).toRealPath());
        assertEquals(p.sysfs().resolve("class/powercap/intel-rapl:0").toString(), probe.zones().get(0).device());
        assertTrue(probe.reason().contains("intel-rapl-mmio:0 duplicates intel-rapl:0"), probe.reason());
        try (PowerSource s = provider.open(ctx(p))) {
            assertArrayEquals(new long[] {4_000, 1_000}, read(s));
        }
    }

    @Test
    void shouldReadHexZoneSuffixes() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 10);
        p.pkg("a", "package-10", 100);
        p.zone("intel-rapl", "a:0", "dram", 101, FakePowercap.INTEL_RANGE_UJ, 0);

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "package-10", "dram-10"), names(s.zones()));
            assertEquals(10, s.zones().get(1).index());
            assertEquals(10, s.zones().get(2).index());
            assertTrue(s.zones().get(2).device().endsWith("intel-rapl:a:0"), s.zones().get(2).device());
            assertArrayEquals(new long[] {10, 100, 101}, read(s));
        }
    }

    @Test
    void shouldReadAZoneWhoseEnabledIsZeroAndSayItInTheNotes() throws Exception {
        // Kepler's fixture: the core zone has power capping off (enabled = 0); its counter still counts
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 10);
        Path core = p.zone("intel-rapl", "0:0", "core", 20, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "0:1", "dram", 30, FakePowercap.INTEL_RANGE_UJ, 0);
        FakePowercap.set(core, "enabled", "0\n");

        Probe probe = provider.probe(ctx(p));
        assertTrue(probe.available(), probe.reason());
        assertEquals(List.of("package-0", "core-0", "dram-0"), names(probe.zones()));
        assertEquals("core-0 (intel-rapl:0:0) has enabled=0 (power capping off or locked), its energy "
                + "counter is read all the same", probe.reason());
        try (PowerSource s = provider.open(ctx(p))) {
            assertArrayEquals(new long[] {10, 20, 30}, read(s));
            FakePowercap.energy(core, 25);
            assertArrayEquals(new long[] {10, 25, 30}, read(s));
        }
    }

    @Test
    void shouldReadEverySocketAndItsSubzonesWhenAPackageHasEnabledZero() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 10);
        p.zone("intel-rapl", "0:0", "dram", 11, FakePowercap.INTEL_RANGE_UJ, 0);
        Path pkg1 = p.pkg("1", "package-1", 20);
        p.zone("intel-rapl", "1:0", "dram", 21, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "1:1", "core", 22, FakePowercap.INTEL_RANGE_UJ, 0);
        FakePowercap.set(pkg1, "enabled", "0\n"); // power limit locked by firmware

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "package-1", "core-1", "dram-0", "dram-1"), names(s.zones()));
            assertArrayEquals(new long[] {10, 20, 22, 11, 21}, read(s));
        }
        assertEquals("package-1 (intel-rapl:1) has enabled=0 (power capping off or locked), its energy "
                + "counter is read all the same", provider.probe(ctx(p)).reason());
    }

    @Test
    void shouldKeepTheMsrPackageOverItsMmioCopyWhateverTheirEnabledFlags() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path msrPkg = p.pkg("0", "package-0", 10);
        p.zone("intel-rapl", "0:0", "dram", 11, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl-mmio", "0", "package-0", 12, FakePowercap.INTEL_RANGE_UJ, 28_000_000);
        FakePowercap.set(msrPkg, "enabled", "0\n");

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "dram-0"), names(s.zones()));
            assertEquals(msrPkg.toRealPath(), Path.of(s.zones().get(0).device()).toRealPath());
            assertArrayEquals(new long[] {10, 11}, read(s));
        }
        String reason = provider.probe(ctx(p)).reason();
        assertTrue(reason.contains("intel-rapl-mmio:0 duplicates intel-rapl:0 (package-0); not counted twice"), reason);
        assertTrue(reason.contains("package-0 (intel-rapl:0) has enabled=0"), reason);
    }

    @Test
    void shouldNotTakeThePowerLimitsOfADisabledZoneAsItsMaximumPower() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 10); // limits 125 W and 156.25 W, not enforced
        Path pkg1 = p.pkg("1", "package-1", 10);
        FakePowercap.set(pkg, "enabled", "0\n");
        FakePowercap.set(pkg1, "enabled", "0\n");
        FakePowercap.set(pkg1, "constraint_1_max_power_uw", "205000000\n");

        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(1000.0, s.zones().get(0).maxWatts());
            assertEquals(205.0, s.zones().get(1).maxWatts(), 1e-9);
        }
    }

    @Test
    void shouldBeAvailableWhenEveryZoneHasEnabledZero() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 10);
        FakePowercap.set(pkg, "enabled", "0\n");

        Probe probe = provider.probe(ctx(p));
        assertTrue(probe.available(), probe.reason());
        assertEquals(List.of("package-0"), names(probe.zones()));
        try (PowerSource s = provider.open(ctx(p))) {
            assertArrayEquals(new long[] {10}, read(s));
        }
    }

    @Test
    void shouldUseDefaultMaxWattsWhenConstraintFilesAreEmpty() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 10);
        for (String f : List.of("constraint_0_power_limit_uw", "constraint_0_max_power_uw",
                "constraint_0_time_window_us", "constraint_1_power_limit_uw", "constraint_0_name")) {
            FakePowercap.set(pkg, f, "");
        }
        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(1000.0, s.zones().get(0).maxWatts());
            assertArrayEquals(new long[] {10}, read(s));
        }
    }

    @Test
    void shouldReportRawValuesAcrossAWrapWithModulusThatRecoversTheExactDelta() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        long range = FakePowercap.INTEL_RANGE_UJ;
        Path pkg = p.pkg("0", "package-0", range - 1_000_000);
        try (PowerSource s = provider.open(ctx(p))) {
            long modulus = s.zones().get(0).wrapModulus();
            assertEquals(range + 1, modulus);
            long first = read(s)[0];
            FakePowercap.energy(pkg, range - 10);
            long second = read(s)[0];
            FakePowercap.energy(pkg, 2_500_000);
            long third = read(s)[0];
            assertEquals(range - 1_000_000, first);
            assertEquals(range - 10, second);
            assertEquals(2_500_000, third);
            // The core undoes the wrap modulo wrapModulus: 10 uJ to the top, 1 step to 0, 2.5 J after.
            assertEquals(2_500_011, Math.floorMod(third - second, modulus));
            assertEquals(3_500_001, Math.floorMod(third - first, modulus));
        }
    }

    @Test
    void shouldReportCounterResetVerbatim() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 90_000_000_000L);
        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(90_000_000_000L, read(s)[0]);
            FakePowercap.energy(pkg, 1_234); // e.g. after a package reset or suspend/resume
            assertEquals(1_234, read(s)[0]);
            assertEquals("", s.lastError());
        }
    }

    @Test
    void shouldReportUnavailableAndLastErrorWhenCounterBecomesUnreadableAndRecover() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 100);
        Path dram = p.zone("intel-rapl", "0:0", "dram", 200, FakePowercap.INTEL_RANGE_UJ, 0);
        try (PowerSource s = provider.open(ctx(p))) {
            FakePowercap.set(dram, "energy_uj", "");
            long[] v = read(s);
            assertEquals(100, v[0]);
            assertEquals(PowerSource.UNAVAILABLE, v[1]);
            assertTrue(s.lastError().startsWith("dram-0: ")
                    && s.lastError().contains("class/powercap/intel-rapl:0:0/energy_uj"), s.lastError());
            FakePowercap.set(dram, "energy_uj", "12x\n");
            assertEquals(PowerSource.UNAVAILABLE, read(s)[1]);
            FakePowercap.energy(dram, 300);
            FakePowercap.energy(pkg, 150);
            assertArrayEquals(new long[] {150, 300}, read(s));
            assertEquals("", s.lastError());
        }
    }

    @Test
    void shouldRefuseWithReasonAndRemedyWhenNoCounterCanBeRead() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 100);
        Path file = pkg.resolve("energy_uj");
        Files.delete(file);
        Files.createDirectory(file); // even root cannot read a directory as a counter

        Probe probe = provider.probe(ctx(p));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("class/powercap/intel-rapl:0/energy_uj (a directory, not a regular file)"), probe.reason());
        assertTrue(probe.remedy().contains("intel-rapl:0/energy_uj"), probe.remedy());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider.open(ctx(p)));
        assertEquals(EnergySourceException.Reason.DEVICE_ERROR, e.reason());
        assertFalse(e.remedy().isBlank());
    }

    @Test
    void shouldKeepAnUnreadableZoneAsUnavailableRatherThanZeroOrDropIt() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 100);
        Path dram = p.zone("intel-rapl", "0:0", "dram", 200, FakePowercap.INTEL_RANGE_UJ, 0);
        Path file = dram.resolve("energy_uj");
        Files.delete(file);
        Files.createSymbolicLink(file, dram.resolve("missing-target"));

        Probe probe = provider.probe(ctx(p));
        assertTrue(probe.available());
        assertEquals(List.of("package-0", "dram-0"), names(probe.zones()));
        assertTrue(probe.reason().contains("dram-0"), probe.reason());
        try (PowerSource s = provider.open(ctx(p))) {
            long[] v = read(s);
            assertEquals(100, v[0]);
            assertEquals(PowerSource.UNAVAILABLE, v[1]);
            assertTrue(s.lastError().contains("intel-rapl:0:0/energy_uj: no such file"), s.lastError());
        }
    }

    @Test
    void shouldFallBackToTwoToThe32EnergyUnitsWhenRangeIsZeroAndUnitMsrIsReadable() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 100);
        FakePowercap.set(pkg, "max_energy_range_uj", "0\n");
        FakeCpus.writeCpuinfo(tmp.resolve("proc"), FakeCpus.INTEL_CLIENT);
        FakeCpus.topology(p.sysfs(), 0, 0, 0);
        FakeCpus.msr(tmp.resolve("dev"), 0, MsrDecoder.INTEL_POWER_UNIT, 0x000A0E03L);

        try (PowerSource s = provider.open(ctx(p))) {
            // the range the kernel would have published: (2^32 - 1) units of its integer 61,035 nJ unit,
            // not 2^32 units of 2^-14 J (262,144,000,000 uJ), which its energy_uj never reaches
            assertEquals(FakePowercap.INTEL_RANGE_UJ + 1, s.zones().get(0).wrapModulus());
        }
    }

    @Test
    void shouldFallBackToTheKernelsServerDramRangeAndTheAmdRangeWhenRangesAreMissing() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 100);
        Path dram = p.zone("intel-rapl", "0:0", "dram", 100, 65_712_999_613L, 0);
        Files.delete(dram.resolve("max_energy_range_uj"));
        FakeCpus.writeCpuinfo(tmp.resolve("proc"), FakeCpus.INTEL_HSX);
        FakeCpus.topology(p.sysfs(), 0, 0, 0);
        FakeCpus.msr(tmp.resolve("dev"), 0, MsrDecoder.INTEL_POWER_UNIT, 0x000A0E03L);
        try (PowerSource s = provider.open(ctx(p))) {
            // Haswell-EP DRAM: the kernel's fixed 15,300 nJ unit, as its published range of such a zone
            assertEquals(65_712_999_614L, s.zones().get(1).wrapModulus());
        }

        Path amd = tmp.resolve("amd");
        FakePowercap q = FakePowercap.create(amd.resolve("sys"));
        Path pkg = q.pkg("0", "package-0", 100);
        FakePowercap.set(pkg, "max_energy_range_uj", "0\n");
        FakeCpus.writeCpuinfo(amd.resolve("proc"), FakeCpus.AMD_ZEN3);
        FakeCpus.topology(q.sysfs(), 0, 0, 0);
        FakeCpus.msr(amd.resolve("dev"), 0, MsrDecoder.AMD_POWER_UNIT, 0x000A1003L);
        SourceContext zen = new SourceContext(amd.resolve("proc"), q.sysfs(), amd.resolve("dev"), Map.of(), k -> null);
        try (PowerSource s = provider.open(zen)) {
            // ESU 16: 15,258 nJ in the kernel, (2^32 - 1) * 15258 / 1000 = 65,532,610,987 uJ
            assertEquals(65_532_610_987L + 1, s.zones().get(0).wrapModulus());
        }
    }

    @Test
    void shouldRefuseZoneWithoutRangeWhenUnitCannotBeDerived() {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 100);
        FakePowercap.set(pkg, "max_energy_range_uj", "0\n");
        p.pkg("1", "package-1", 100);

        Probe probe = provider.probe(ctx(p));
        assertTrue(probe.available());
        assertEquals(List.of("package-1"), names(probe.zones()));
        assertTrue(probe.reason().contains("package-0") && probe.reason().contains("refused"), probe.reason());
    }

    @Test
    void shouldReadNestedLayoutWhenClassPowercapIsAbsent() throws Exception {
        FakePowercap p = FakePowercap.createWithoutClass(tmp.resolve("sys"));
        p.pkg("0", "package-0", 42);
        p.zone("intel-rapl", "0:0", "core", 41, FakePowercap.INTEL_RANGE_UJ, 0);
        assertFalse(Files.exists(p.sysfs().resolve("class")));
        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0", "core-0"), names(s.zones()));
            assertArrayEquals(new long[] {42, 41}, read(s));
        }
    }

    @Test
    void shouldIgnoreNonRaplControlTypesAndBeUnavailableWhenOnlyThoseExist() {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.zone("dtpm", "0", "soc", 1, 0, 0);
        Probe probe = provider.probe(ctx(p));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("no RAPL zone"), probe.reason());
        assertTrue(probe.remedy().contains("modprobe intel_rapl_msr"), probe.remedy());
    }

    @Test
    void shouldNameSubzonesOfMultiDiePackagesAfterTheirDie() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0-die-0", 1);
        p.pkg("1", "package-0-die-1", 2);
        p.zone("intel-rapl", "1:0", "dram", 3, FakePowercap.INTEL_RANGE_UJ, 0);
        try (PowerSource s = provider.open(ctx(p))) {
            assertEquals(List.of("package-0-die-0", "package-0-die-1", "dram-0-die-1"), names(s.zones()));
            assertEquals(List.of(0, 0, 0), s.zones().stream().map(Zone::index).toList());
        }
    }
}
