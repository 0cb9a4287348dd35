package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the proc root under a running meter: entries that vanish between listing and reading,
 * truncated or garbage stat files, an unreadable {@code /proc/stat}, a CPU counter that goes backwards.
 * In every case the zone keeps its exact energy, conservation holds, nothing is negative, the fault is
 * counted in the self-metrics, and the next good sample recovers.
 */
class SamplerFaultInjectionTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private FakeProcfs proc;
    private Path sys;
    private long energyUj = 1_000_000;

    @BeforeEach
    void host() {
        proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "steady", 10, 0, 50).process(200, "victim", 10, 0, 60);
        sys = tmp.resolve("sys");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, energyUj);
    }

    private EnergyMeter meter() {
        return EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider())).idlePolicy(IdlePolicy.none()).build();
    }

    /** Both processes work 10 ticks each, the node 25, and the package counts 1 J; then one sample. */
    private EnergySnapshot interval(EnergyMeter m, long steadyTicks, long victimTicks) {
        proc.advanceCpu(25, 25);
        if (steadyTicks >= 0) {
            proc.process(100, "steady", steadyTicks, 0, 50);
        }
        if (victimTicks >= 0) {
            proc.process(200, "victim", victimTicks, 0, 60);
        }
        energyUj += 1_000_000;
        FileCounterProvider.energy(sys, "package-0", energyUj);
        m.sampleNow();
        EnergySnapshot s = m.snapshot();
        assertConservedAndNonNegative(s);
        return s;
    }

    static void assertConservedAndNonNegative(EnergySnapshot s) {
        for (int z = 0; z < s.zones().size(); z++) {
            ZoneEnergy ze = s.zones().get(z);
            double procs = 0;
            for (ProcessEnergy p : s.processes()) {
                assertTrue(p.zoneJoules().get(z) >= 0, "process " + p.pid() + " has negative energy");
                procs += p.zoneJoules().get(z);
            }
            assertEquals(ze.joules(), procs + s.retiredProcessJoules() + ze.unattributedJoules() + ze.idleJoules(),
                    EPS * Math.max(1, ze.joules()), "conservation in " + ze.name());
            assertTrue(ze.unattributedJoules() >= 0 && ze.idleJoules() >= 0 && ze.activeJoules() >= 0);
        }
    }

    private static ProcessEnergy process(EnergySnapshot s, int pid) {
        return s.processes().stream().filter(p -> p.pid() == pid && !p.exited()).findFirst().orElseThrow();
    }

    private static long metric(EnergyMeter m, String name) {
        return m.stats().asMap().get(name).longValue();
    }

    @Test
    void shouldPutTheShareOfAProcessWhoseStatVanishedAfterListingIntoUnattributed() throws Exception {
        try (EnergyMeter m = meter()) {
            m.sampleNow();
            interval(m, 20, 20);
            // the directory is still listed but its stat is gone: the state between readdir and read
            Files.delete(proc.root().resolve("200/stat"));
            EnergySnapshot s = interval(m, 30, -1);
            assertEquals(2.0, s.zones().get(0).joules(), EPS, "the zone keeps every joule");
            assertEquals(1, metric(m, "processesVanished"), "200 only");
            assertEquals(0.8, process(s, 100).joules(), EPS, "the survivor gets its own share only (10 of 25 ticks)");
        }
    }

    @Test
    void shouldSkipTruncatedAndGarbageStatFilesCountThemAndRecover() throws Exception {
        try (EnergyMeter m = meter()) {
            m.sampleNow();
            FakeProcfs.write(proc.root().resolve("200/stat"), "200 (vic");
            EnergySnapshot truncated = interval(m, 20, -1);
            assertEquals(1, metric(m, "processesMalformed"));
            assertEquals(0.4, process(truncated, 100).joules(), EPS);
            FakeProcfs.write(proc.root().resolve("200/stat"), "\u0000\u00ff garbage )))( 1 2 3\n");
            interval(m, 30, -1);
            assertEquals(2, metric(m, "processesMalformed"));
            EnergySnapshot back = interval(m, 40, 40); // victim readable again: 30 ticks since it was last seen
            assertEquals(3.0, back.zones().get(0).joules(), EPS);
            // 30 ticks since it was last parsed plus steady's 10: 40 process ticks, more than the node's 25, divide
            // the joule, and the victim had nothing while its stat did not parse
            assertEquals(0.75, process(back, 200).joules(), EPS, "the process is metered again once its stat parses");
            assertEquals(0.4 + 0.4 + 0.25, process(back, 100).joules(), EPS);
        }
    }

    @Test
    void shouldCountAllZoneEnergyAsUnattributedWhileProcStatIsUnreadableAndRecover() throws Exception {
        try (EnergyMeter m = meter()) {
            m.sampleNow();
            interval(m, 20, 20);
            FakeProcfs.write(proc.root().resolve("stat"), "cpu  12"); // truncated mid-line
            energyUj += 1_000_000;
            FileCounterProvider.energy(sys, "package-0", energyUj);
            m.sampleNow();
            EnergySnapshot broken = m.snapshot();
            assertConservedAndNonNegative(broken);
            assertEquals(2.0, broken.zones().get(0).joules(), EPS, "the sensor is read even when procfs is not");
            assertEquals(1, metric(m, "procfsErrors"));
            FakeProcfs.write(proc.root().resolve("stat"), "\u0001\u0002 not a stat file\n");
            m.sampleNow();
            assertEquals(2, metric(m, "procfsErrors"));
            FakeProcfs.write(proc.root().resolve("stat"), ""); // caught while being rewritten
            m.sampleNow();
            assertEquals(3, metric(m, "procfsErrors"));
            EnergySnapshot back = interval(m, 30, 30); // rewrites /proc/stat with advanced counters
            assertEquals(3.0, back.zones().get(0).joules(), EPS);
            assertConservedAndNonNegative(back);
        }
    }

    @Test
    void shouldNeverAttributeNegativeEnergyWhenCpuCountersGoBackwards() {
        try (EnergyMeter m = meter()) {
            m.sampleNow();
            interval(m, 20, 20);
            proc.cpuTicks(10, 0, 0, 10, 0, 0, 0, 0); // node counters reset (a bad copy, a checkpoint restore)
            EnergySnapshot s = interval(m, 5, 5); // and the processes' ticks went backwards too
            assertEquals(2.0, s.zones().get(0).joules(), EPS);
            interval(m, 15, 15);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // guard only; the test waits on tick counts, not time
    void shouldKeepTickingThroughProcfsFaultsAndRecoverWithoutHelp() throws Exception {
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider())).interval(Duration.ofMillis(20)).build()) {
            m.start();
            for (int round = 0; round < 3; round++) {
                FakeProcfs.write(proc.root().resolve("stat"), "garbage\n");
                FakeProcfs.write(proc.root().resolve("100/stat"), "100 (st");
                awaitTicks(m, 3);
                proc.advanceCpu(10, 10).process(100, "steady", 50 + round, 0, 50);
                awaitTicks(m, 3);
            }
            assertTrue(metric(m, "procfsErrors") >= 3);
            EnergySnapshot s = m.snapshot();
            assertConservedAndNonNegative(s);
            assertFalse(s.processes().isEmpty(), "processes are read again after each fault");
        }
    }

    private static void awaitTicks(EnergyMeter m, int n) throws InterruptedException {
        long target = m.ticks() + n;
        while (m.ticks() < target) {
            Thread.sleep(5);
        }
    }
}
