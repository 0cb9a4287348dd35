package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplMsrPowerSourceProvider;
import io.github.energy4j.rapl.testing.FakePowercap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.rapl.internal.MsrDecoder;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaplMsrPowerSourceTest extends PowerSourceContract {

    private static final long INTEL_UNITS = 0x000A0E03L; // power 1/8 W, energy 2^-14 J, time 2^-10 s
    /** Reserved upper bits set, to prove only the low 32 bits are reported. */
    private static final long JUNK = 0xABCD_0000_0000_0000L;

    @Override
    protected PowerSourceProvider provider() {
        return new RaplMsrPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        return intelTwoSockets(dir, FakeCpus.INTEL_SKX);
    }

    private static SourceContext context(Path dir) {
        return new SourceContext(dir.resolve("proc"), dir.resolve("sys"), dir.resolve("dev"), Map.of(), k -> null);
    }

    /** Sockets 0 (cpus 0,1) and 1 (cpus 2,3); no powercap tree, so MSR is used without opt-in. */
    private static SourceContext intelTwoSockets(Path dir, String cpuinfo) {
        FakeCpus.writeCpuinfo(dir.resolve("proc"), cpuinfo);
        Path sys = dir.resolve("sys");
        FakeCpus.topology(sys, 0, 0, 0);
        FakeCpus.topology(sys, 1, 0, 1);
        FakeCpus.topology(sys, 2, 1, 0);
        FakeCpus.topology(sys, 3, 1, 1);
        Path dev = dir.resolve("dev");
        for (int cpu : new int[] {0, 2}) {
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_POWER_UNIT, INTEL_UNITS);
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_PKG_ENERGY, JUNK | (0x1000 + cpu));
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_PP0_ENERGY, 0x800 + cpu);
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_PP1_ENERGY, 0); // no PP1 on servers
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_DRAM_ENERGY, 0x400 + cpu);
            FakeCpus.msr(dev, cpu, MsrDecoder.INTEL_PLATFORM_ENERGY, cpu == 0 ? 0x5000 : 0);
        }
        return context(dir);
    }

    private static long[] read(PowerSource s) {
        long[] v = new long[s.zones().size()];
        assertEquals(v.length, s.read(v));
        return v;
    }

    @Test
    void shouldOfferOneZonePerSocketAndDomainWithUnitsFromTheUnitRegister() throws Exception {
        SourceContext ctx = intelTwoSockets(tmp.resolve("h"), FakeCpus.INTEL_CLIENT);
        try (PowerSource s = provider().open(ctx)) {
            assertEquals(List.of("package-0", "package-1", "core-0", "core-1", "dram-0", "dram-1", "psys"),
                    s.zones().stream().map(Zone::name).toList());
            for (Zone z : s.zones()) {
                assertEquals(0x1p-14, z.joulesPerUnit(), z.name());
                assertEquals(1L << 32, z.wrapModulus(), z.name());
            }
            assertEquals(Zone.Domain.PSYS, s.zones().get(6).domain());
            assertEquals(1, s.zones().get(1).index());
            assertArrayEquals(new long[] {0x1000, 0x1002, 0x800, 0x802, 0x400, 0x402, 0x5000}, read(s));
        }
    }

    @Test
    void shouldApplyFixedDramUnitOnHaswellEp() throws Exception {
        SourceContext ctx = intelTwoSockets(tmp.resolve("h"), FakeCpus.INTEL_HSX);
        try (PowerSource s = provider().open(ctx)) {
            Zone dram = s.zones().stream().filter(z -> z.name().equals("dram-1")).findFirst().orElseThrow();
            assertEquals(0x1p-16, dram.joulesPerUnit());
            assertEquals(0x1p-14, s.zones().get(0).joulesPerUnit());
        }
    }

    @Test
    void shouldCountSilvermontEnergyInPowersOfTwoMicrojoules() throws Exception {
        Path dir = tmp.resolve("h");
        SourceContext ctx = intelTwoSockets(dir, FakeCpus.cpuinfo("GenuineIntel", 6, 55, "Intel(R) Atom(TM) CPU Z3740"));
        for (int cpu : new int[] {0, 2}) {
            FakeCpus.msr(dir.resolve("dev"), cpu, MsrDecoder.INTEL_POWER_UNIT, 0x00000505L); // ESU 5: 32 uJ
        }
        try (PowerSource s = provider().open(ctx)) {
            for (Zone z : s.zones()) {
                assertEquals(32e-6, z.joulesPerUnit(), 1e-18, z.name());
            }
        }
    }

    @Test
    void shouldReportRaw32BitCountersAcrossAWrap() throws Exception {
        Path dir = tmp.resolve("h");
        SourceContext ctx = intelTwoSockets(dir, FakeCpus.INTEL_SKX);
        try (PowerSource s = provider().open(ctx)) {
            FakeCpus.msr(dir.resolve("dev"), 0, MsrDecoder.INTEL_PKG_ENERGY, JUNK | 0xFFFF_FF00L);
            long before = read(s)[0];
            FakeCpus.msr(dir.resolve("dev"), 0, MsrDecoder.INTEL_PKG_ENERGY, JUNK | 0x40L);
            long after = read(s)[0];
            assertEquals(0xFFFF_FF00L, before);
            assertEquals(0x40L, after);
            assertEquals(0x140L, Math.floorMod(after - before, s.zones().get(0).wrapModulus()));
        }
    }

    @Test
    void shouldSumAmdPerCoreCountersIntoOneCoreZonePerPackage() throws Exception {
        Path dir = tmp.resolve("amd");
        FakeCpus.writeCpuinfo(dir.resolve("proc"), FakeCpus.AMD_ZEN3);
        Path sys = dir.resolve("sys");
        FakeCpus.topology(sys, 0, 0, 0);
        FakeCpus.topology(sys, 1, 0, 1);
        FakeCpus.topology(sys, 2, 0, 0); // SMT sibling of cpu0: not read twice
        FakeCpus.topology(sys, 3, 0, 1);
        Path dev = dir.resolve("dev");
        FakeCpus.amdLead(dev, 0, 0x7777);
        FakeCpus.msr(dev, 1, MsrDecoder.AMD_CORE_ENERGY, 0xFFFF_FFF0L);
        FakeCpus.msr(dev, 2, MsrDecoder.AMD_CORE_ENERGY, 999_999);
        FakeCpus.msr(dev, 3, MsrDecoder.AMD_CORE_ENERGY, 999_999);

        try (PowerSource s = provider().open(context(dir))) {
            assertEquals(List.of("package-0", "core-0"), s.zones().stream().map(Zone::name).toList());
            Zone pkg = s.zones().get(0);
            assertEquals(0x1p-16, pkg.joulesPerUnit());
            assertEquals(1L << 32, pkg.wrapModulus());
            assertEquals(0x1p-16, s.zones().get(1).joulesPerUnit());
            assertEquals(0, s.zones().get(1).wrapModulus());
            assertArrayEquals(new long[] {0x7777, 0}, read(s));
            FakeCpus.amdLead(dev, 0, 0x7800);
            FakeCpus.msr(dev, 1, MsrDecoder.AMD_CORE_ENERGY, 0x10); // wrapped: 0x20 units
            long core0Delta = FakeCpus.amdLeadCore(0x7800) - FakeCpus.amdLeadCore(0x7777);
            assertArrayEquals(new long[] {0x7800, core0Delta + 0x20}, read(s));
            assertEquals("", s.lastError());
        }
    }

    @Test
    void shouldStayOffWhilePowercapIsPresentUnlessOptedIn() throws Exception {
        Path dir = tmp.resolve("h");
        SourceContext ctx = intelTwoSockets(dir, FakeCpus.INTEL_SKX);
        FakePowercap.create(dir.resolve("sys")).pkg("0", "package-0", 1);

        Probe off = provider().probe(ctx);
        assertFalse(off.available());
        assertTrue(off.remedy().contains("rapl.msr=true"), off.remedy());
        Probe on = provider().probe(ctx.with(RaplMsrPowerSourceProvider.MSR_ENABLED, "true"));
        assertTrue(on.available(), on.reason());
    }

    @Test
    void shouldTellToLoadTheMsrModuleWhenDeviceNodeIsMissing() {
        Path dir = tmp.resolve("h");
        FakeCpus.writeCpuinfo(dir.resolve("proc"), FakeCpus.INTEL_SKX);
        FakeCpus.topology(dir.resolve("sys"), 0, 0, 0);
        Probe probe = provider().probe(context(dir));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains(dir.resolve("dev/cpu/0/msr").toString()), probe.reason());
        assertTrue(probe.remedy().contains("modprobe msr"), probe.remedy());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider().open(context(dir)));
        assertEquals(EnergySourceException.Reason.NOT_SUPPORTED, e.reason());
    }

    @Test
    void shouldRefuseWhenOnePackageCannotBeRead() {
        Path dir = tmp.resolve("h");
        SourceContext ctx = intelTwoSockets(dir, FakeCpus.INTEL_SKX);
        FakeCpus.topology(dir.resolve("sys"), 4, 2, 0); // a third socket without a device node
        Probe probe = provider().probe(ctx);
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("cpu/4/msr"), probe.reason());
    }

    @Test
    void shouldRefuseCpusWithoutRaplMsrs() {
        Path dir = tmp.resolve("h");
        FakeCpus.writeCpuinfo(dir.resolve("proc"), FakeCpus.cpuinfo("AuthenticAMD", 21, 2, "AMD Opteron 6386"));
        FakeCpus.topology(dir.resolve("sys"), 0, 0, 0);
        Probe probe = provider().probe(context(dir));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("family 21"), probe.reason());
    }
}
