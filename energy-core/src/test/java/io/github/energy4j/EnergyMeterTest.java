package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyMeterTest {

    @TempDir
    Path tmp;

    private static Map<Integer, ProcessEnergy> byPid(EnergySnapshot s) {
        return s.processes().stream().filter(p -> !p.exited())
                .collect(Collectors.toMap(ProcessEnergy::pid, Function.identity()));
    }

    private static void assertConserved(EnergySnapshot s) {
        assertEquals(0.0, s.retiredProcessJoules(), "no retention expiry in these short tests");
        for (int z = 0; z < s.zones().size(); z++) {
            ZoneEnergy ze = s.zones().get(z);
            double procs = 0;
            for (ProcessEnergy p : s.processes()) {
                procs += p.zoneJoules().get(z);
            }
            assertEquals(ze.joules(), procs + ze.unattributedJoules() + ze.idleJoules(),
                    1e-9 * Math.max(1, ze.joules()), "zone " + ze.name());
            assertTrue(ze.unattributedJoules() >= 0 && ze.idleJoules() >= 0 && ze.activeJoules() >= 0);
        }
    }

    private EnergyMeter.Builder fakeHost(Path proc, Path sys) {
        return EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider(), new CpuPowerModelProvider()));
    }

    @Test
    void shouldReportCounterDeltasExactlyAcrossAWrapAndSplitThemByCpuTime() {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        Files.exists(proc);
        FakeProcfs p = FakeProcfs.create(proc).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "web server", 10, 0, 50).process(200, "batch", 20, 0, 60);
        long range = 262_143_328_851L;
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, range, range - 3_000_000);
        try (EnergyMeter m = fakeHost(proc, sys).idlePolicy(IdlePolicy.none()).build()) {
            assertEquals(List.of("test-counter"), m.sources().stream().filter(SourceStatus::selected)
                    .map(SourceStatus::id).toList(), "the sensor wins over the model");
            m.sampleNow(); // baseline
            p.advanceCpu(100, 100).process(100, "web server", 40, 0, 50).process(200, "batch", 80, 0, 60);
            FileCounterProvider.energy(sys, "package-0", 7_000_000); // wrapped: 3 J + 7 J
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            ZoneEnergy z = s.zones().get(0);
            assertEquals(10.0, z.joules(), 1e-9);
            assertFalse(z.estimated());
            assertTrue(z.primary());
            Map<Integer, ProcessEnergy> procs = byPid(s);
            // busy 100 ticks: web 30, batch 60, 10 unattributed
            assertEquals(3.0, procs.get(100).joules(), 1e-9);
            assertEquals(6.0, procs.get(200).joules(), 1e-9);
            assertEquals(1.0, s.unattributedJoules(), 1e-9);
            assertEquals("web server", procs.get(100).comm());
            assertEquals(Provenance.MEASURED, s.provenance());
            assertConserved(s);
        }
    }

    @Test
    void shouldNotReportZeroForAnUnreadableSensorButCarryItsEnergyForward() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).process(100, "a", 0, 0, 5);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 1_000_000);
        try (EnergyMeter m = fakeHost(proc, sys).idlePolicy(IdlePolicy.none()).build()) {
            m.sampleNow();
            Path energy = sys.resolve("test-counter/package-0/energy_uj");
            Files.delete(energy);
            p.advanceCpu(10, 0).process(100, "a", 10, 0, 5);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            assertTrue(s.zones().get(0).status().startsWith("unreadable"), s.zones().get(0).status());
            assertEquals(0.0, s.zones().get(0).joules(), "nothing counted yet");
            FileCounterProvider.energy(sys, "package-0", 6_000_000);
            p.advanceCpu(10, 0).process(100, "a", 20, 0, 5);
            m.sampleNow();
            s = m.snapshot();
            assertEquals("", s.zones().get(0).status());
            assertEquals(5.0, s.zones().get(0).joules(), 1e-9, "the energy of the gap arrives with the next reading");
            assertConserved(s);
        }
    }

    @Test
    void shouldEstimateWithTheModelOnAHostWithoutSensorsAndSayItIsEstimated() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).cpus(4).cpuTicks(0, 0, 0, 0, 0, 0, 0, 0)
                .process(1, "init", 0, 0, 1).process(42, "java", 0, 0, 100);
        try (EnergyMeter m = fakeHost(proc, tmp.resolve("nosys")).idlePolicy(IdlePolicy.auto()).build()) {
            SourceStatus counter = m.sources().stream().filter(st -> st.id().equals("test-counter")).findFirst().orElseThrow();
            assertFalse(counter.available());
            m.sampleNow();
            // long enough that the first tick's slower scan (a cold JVM on a loaded machine: milliseconds)
            // stays far below the 1 % the idle split is checked to
            Thread.sleep(500);
            p.advanceCpu(200, 200).process(42, "java", 150, 50, 100); // 50% busy, all of it java
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            ZoneEnergy z = s.zones().get(0);
            assertEquals("cpu-model", z.name());
            assertEquals("model", z.source());
            assertTrue(z.estimated());
            assertEquals(Provenance.ESTIMATED, s.provenance());
            // 4 vCPUs, 0.74..3.5 W: idle 2.96 W; at 50 % the model draws 4*(0.74+0.5*2.76) = 8.48 W, for at
            // least the 500 ms slept between the samples
            assertTrue(z.joules() >= 8.48 * 0.5, "joules " + z.joules());
            double seconds = z.joules() / 8.48;
            // the model and the sampler time the interval separately, the length of a scan apart
            assertEquals(2.96 * seconds, z.idleJoules(), 1e-2 * z.joules());
            assertEquals(z.activeJoules(), byPid(s).get(42).joules(), 1e-9, "java used every busy tick");
            assertEquals(0.0, byPid(s).get(1).joules());
            assertConserved(s);
        }
    }

    @Test
    void shouldKeepAnExitedProcessAndCountTheReusedPidSeparately() {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).process(7, "old", 0, 0, 10);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        try (EnergyMeter m = fakeHost(proc, sys).idlePolicy(IdlePolicy.none()).build()) {
            m.sampleNow();
            p.advanceCpu(10, 0).process(7, "old", 10, 0, 10);
            FileCounterProvider.energy(sys, "package-0", 1_000_000);
            m.sampleNow();
            p.exit(7).process(7, "new", 5, 0, 999).advanceCpu(5, 0);
            FileCounterProvider.energy(sys, "package-0", 1_500_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            List<ProcessEnergy> sevens = s.processes().stream().filter(pe -> pe.pid() == 7).toList();
            assertEquals(2, sevens.size());
            ProcessEnergy old = sevens.stream().filter(pe -> pe.startTimeTicks() == 10).findFirst().orElseThrow();
            ProcessEnergy neu = sevens.stream().filter(pe -> pe.startTimeTicks() == 999).findFirst().orElseThrow();
            assertTrue(old.exited());
            assertEquals(1.0, old.joules(), 1e-9);
            assertEquals("new", neu.comm());
            assertEquals(0.5, neu.joules(), 1e-9);
            assertConserved(s);
        }
    }

    @Test
    void shouldRejectBadConfigurationWithTheSettingNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnergyMeter.builder().interval(Duration.ofMillis(1)).build());
        assertTrue(e.getMessage().contains("interval"));
        e = assertThrows(IllegalArgumentException.class,
                () -> EnergyMeter.builder().allProcesses(true).procfs(tmp.resolve("missing")).build());
        assertTrue(e.getMessage().contains("procfs"));
        e = assertThrows(IllegalArgumentException.class, () -> fakeHost(FakeProcfs.create(tmp.resolve("p")).root(),
                tmp).sources("nosuch").build());
        assertTrue(e.getMessage().contains("unknown source 'nosuch'") && e.getMessage().contains("model"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdlePolicy.parse("sometimes"));
        assertTrue(e.getMessage().contains("min-observed"));
    }

    @Test
    void shouldMeterAScopeOnThisHostAndPriceItsCpuTime() throws Exception {
        try (EnergyMeter m = EnergyMeter.builder().interval(Duration.ofMillis(100)).workloadResolvers(false).build()) {
            EnergyScope s;
            try (EnergyScope scope = m.scope("burn")) {
                s = scope;
                burn(300);
            }
            assertTrue(s.cpuTime().toMillis() >= 200, "cpu " + s.cpuTime());
            assertTrue(s.joules() > 0, "joules " + s.joules());
            assertTrue(s.source() == Provenance.MEASURED || s.source() == Provenance.ESTIMATED);
            EnergyReading idle = m.measure("sleep", () -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(idle.joules() < s.joules() / 5, "sleeping costs far less CPU energy: " + idle + " vs " + s.joules());
            EnergyMeter.Measured<Integer> v = m.call("callable", () -> 41 + 1);
            assertEquals(42, v.value());
            assertTrue(Double.isNaN(s.carbonGrams()), "no grid intensity configured: NaN, not 0");
        }
    }

    @Test
    void shouldGiveNestedScopesTheirOwnShare() {
        try (EnergyMeter m = EnergyMeter.builder().interval(Duration.ofMillis(100)).workloadResolvers(false).build()) {
            EnergyScope outer = m.scope("outer");
            burn(150);
            EnergyScope inner = m.scope("inner");
            burn(150);
            inner.close();
            outer.close();
            assertTrue(outer.cpuTime().compareTo(inner.cpuTime()) > 0);
            assertTrue(outer.joules() > inner.joules() * 1.2, outer.joules() + " vs " + inner.joules());
            EnergyScope open = m.scope("open");
            assertThrows(IllegalStateException.class, open::joules);
            open.close(); // an open scope would stay current on this thread for the tests that follow
        }
    }

    /** Burns this thread's CPU time (not wall time: the machine may be busy). */
    static long burn(long millis) {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = t.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (t.getCurrentThreadCpuTime() < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        return x;
    }
}
