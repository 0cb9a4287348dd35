package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplPerfPowerSourceProvider;
import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.rapl.internal.PerfEvents;
import io.github.energy4j.rapl.internal.Remedies;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rapl-perf provider end to end against the real kernel. These machines have no RAPL PMU, so the fake
 * sysfs tree describes a "power" PMU whose type is {@code PERF_TYPE_SOFTWARE} (1) and whose {@code energy-pkg}
 * event is {@code PERF_COUNT_SW_CPU_CLOCK} (0) on CPU 0: discovery, zone naming, the CPU-wide
 * {@code perf_event_open}, the reads and the u64-to-zone conversion all run for real, with nanoseconds of CPU 0's
 * clock standing in for energy units.
 */
class RaplPerfPowerSourceTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new RaplPerfPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) throws Exception {
        assumeCpuWideEventsPermitted();
        FakePowerPmu p = FakePowerPmu.create(dir.resolve("sys"), PerfEvents.TYPE_SOFTWARE, "0")
                .event("energy-pkg", (int) PerfEvents.SW_CPU_CLOCK, "1e-9", "Joules")
                .cpu(0, 0, 0);
        return SourceContext.of(dir.resolve("proc"), p.sysfs());
    }

    @Test
    void shouldCountUpBetweenReadsThroughTheRealPerfPath() throws Exception {
        SourceContext ctx = availableHost(tmp.resolve("host-count"));
        try (PowerSource source = provider().open(ctx)) {
            List<Zone> zones = source.zones();
            assertEquals(List.of("package-0"), zones.stream().map(Zone::name).toList());
            assertEquals(1e-9 * 4096, zones.get(0).joulesPerUnit(), 1e-18);
            assertEquals(1L << 52, zones.get(0).wrapModulus());
            long[] v = new long[1];
            assertEquals(1, source.read(v));
            long first = v[0];
            Thread.sleep(50);
            assertEquals(1, source.read(v));
            // CPU 0's clock advanced by about 50 ms = 50e6 ns = about 12,200 units of 4096 ns
            long delta = v[0] - first;
            assertTrue(delta > 5_000 && delta < 1_000_000, "delta " + delta + " units");
            assertEquals("", source.lastError());
        }
    }

    @Test
    void shouldBePreferredOverPowercap() {
        assertTrue(provider().priority() > new RaplPowerSourceProvider().priority());
        assertEquals(new RaplPowerSourceProvider().group(), provider().group());
    }

    @Test
    void shouldRefuseAPmuTheKernelDoesNotKnowWithTheMissingRemedy() throws Exception {
        assumeTrue(PerfEvents.load().isEmpty(), PerfEvents.load());
        FakePowerPmu p = FakePowerPmu.create(tmp.resolve("sys"), 0x7fff_0000, "0").raplEvent("energy-pkg", 2);
        SourceContext ctx = SourceContext.of(tmp.resolve("proc"), p.sysfs());

        Probe probe = provider().probe(ctx);

        assertFalse(probe.available());
        assertTrue(probe.reason().contains("ENOENT"), probe.reason());
        assertTrue(probe.remedy().contains("powercap"), probe.remedy());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider().open(ctx));
        assertEquals(EnergySourceException.Reason.NOT_SUPPORTED, e.reason());
    }

    @Test
    void shouldStepAsideWhenTurnedOff() throws Exception {
        SourceContext ctx = availableHost(tmp.resolve("host-off")).with(RaplPerfPowerSourceProvider.PERF_ENABLED, "false");
        Probe probe = provider().probe(ctx);
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("rapl.perf=false"), probe.reason());
    }

    @Test
    void shouldExplainParanoidAndCapabilitiesWhenRefused() {
        String remedy = Remedies.perfDenied("2");
        assertTrue(remedy.contains("perf_event_paranoid is 2"), remedy);
        assertTrue(remedy.contains("CAP_PERFMON"), remedy);
        assertTrue(remedy.contains("kernel.perf_event_paranoid=0"), remedy);
        assertTrue(remedy.contains("powercap"), remedy);
    }

    @Test
    void shouldKeepReportingAfterAReadFailsByReopening() throws Exception {
        SourceContext ctx = availableHost(tmp.resolve("host-reopen"));
        try (PowerSource source = provider().open(ctx)) {
            long[] v = new long[1];
            source.read(v);
            assertNotEquals(PowerSource.UNAVAILABLE, v[0]);
            // close the descriptor under the source: the next read fails (EBADF), the one after reopens
            closeDescriptorsOf(source);
            source.read(v);
            assertEquals(PowerSource.UNAVAILABLE, v[0]);
            assertTrue(source.lastError().contains("package-0"), source.lastError());
            source.read(v);
            assertNotEquals(PowerSource.UNAVAILABLE, v[0], source.lastError());
        }
    }

    private static void closeDescriptorsOf(PowerSource source) throws Exception {
        var f = source.getClass().getDeclaredField("fds");
        f.setAccessible(true);
        for (int fd : (int[]) f.get(source)) {
            PerfEvents.close(fd);
        }
    }

    private static void assumeCpuWideEventsPermitted() throws Exception {
        assumeTrue(PerfEvents.load().isEmpty(), PerfEvents.load());
        Path p = Path.of("/proc/sys/kernel/perf_event_paranoid");
        assumeTrue(Files.isReadable(p), "no perf events in this kernel");
        int level = Integer.parseInt(Files.readString(p).trim());
        assumeTrue(level <= 0 || "root".equals(System.getProperty("user.name")),
                "CPU-wide perf events need perf_event_paranoid <= 0 or CAP_PERFMON; it is " + level);
    }
}
