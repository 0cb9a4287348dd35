package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
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
 * Faults of a RAPL counter file seen through the whole meter (real powercap source over a fake sysfs,
 * real sampler and attribution over a fake proc root): the zone total never goes down, energy is
 * conserved, the fault shows in the zone status and the self-metrics, and recovery needs nothing.
 */
class RaplFaultInjectionTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private FakeProcfs proc;
    private FakePowercap sys;
    private Path pkg;
    private double lastJoules;

    @BeforeEach
    void host() {
        proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "worker", 10, 0, 50);
        sys = FakePowercap.create(tmp.resolve("sys"));
        pkg = sys.pkg("0", "package-0", 1_000_000);
    }

    private EnergyMeter meter() {
        return EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys.sysfs()).workloadResolvers(false)
                .providers(List.of(new RaplPowerSourceProvider())).idlePolicy(IdlePolicy.none()).build();
    }

    /** One sample after some CPU work; checks monotonicity and conservation and returns the package zone. */
    private ZoneEnergy sample(EnergyMeter m) {
        proc.advanceCpu(50, 50);
        m.sampleNow();
        EnergySnapshot s = m.snapshot();
        ZoneEnergy z = s.zones().get(0);
        assertTrue(z.joules() >= lastJoules - EPS, "zone total went down: " + z.joules() + " < " + lastJoules);
        lastJoules = z.joules();
        double procs = 0;
        for (ProcessEnergy p : s.processes()) {
            procs += p.zoneJoules().get(0);
        }
        assertEquals(z.joules(), procs + z.unattributedJoules() + z.idleJoules(), EPS * Math.max(1, z.joules()),
                "conservation");
        return z;
    }

    private static long metric(EnergyMeter m, String name) {
        return m.stats().asMap().get(name).longValue();
    }

    @Test
    void shouldCarryTheGapEnergyWhenTheCounterFileVanishesAndComesBack() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.set(pkg, "energy_uj", ""); // sysfs answers nothing while the zone goes away
            ZoneEnergy gone = sample(m);
            assertFalse(gone.status().isEmpty(), "the zone says why it has no figure");
            Files.delete(pkg.resolve("energy_uj"));
            ZoneEnergy stillGone = sample(m);
            assertTrue(stillGone.status().startsWith("unreadable"), stillGone.status());
            assertEquals(0.0, stillGone.joules(), EPS, "an unreadable zone is not a zero reading");
            assertEquals(2, metric(m, "zoneReadingsUnavailable"), "the empty file, then the missing one");
            assertEquals(2, metric(m, "sourceErrors"), "one failed read of the source per sample");

            FakePowercap.energy(pkg, 11_000_000); // re-created, 10 J later
            ZoneEnergy back = sample(m);
            assertEquals("", back.status());
            assertEquals(10.0, back.joules(), EPS, "the energy of the gap arrives with the next good reading");
        }
    }

    @Test
    void shouldRecoverExactlyWhenTheCounterTurnsUnreadable() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.set(pkg, "energy_uj", "12x\n"); // garbage: the channel is dropped
            sample(m);
            // a directory in its place reads with EISDIR: an I/O error that root cannot bypass like a mode bit
            Files.delete(pkg.resolve("energy_uj"));
            Files.createDirectory(pkg.resolve("energy_uj"));
            ZoneEnergy unreadable = sample(m);
            assertTrue(unreadable.status().contains("energy_uj"), unreadable.status());
            Files.delete(pkg.resolve("energy_uj"));
            FakePowercap.energy(pkg, 4_000_000);
            assertEquals(3.0, sample(m).joules(), EPS);
            FakePowercap.energy(pkg, 4_500_000);
            assertEquals(3.5, sample(m).joules(), EPS);
            assertEquals(0, metric(m, "counterResets"));
        }
    }

    @Test
    void shouldStartANewBaselineWhenTheCounterGoesBackwards() {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.energy(pkg, 6_000_000);
            assertEquals(5.0, sample(m).joules(), EPS);
            FakePowercap.energy(pkg, 1_000); // package reset, suspend/resume
            assertEquals(5.0, sample(m).joules(), EPS, "a backward jump that cannot be a wrap adds nothing");
            assertEquals(1, metric(m, "counterResets"));
            FakePowercap.energy(pkg, 2_001_000);
            assertEquals(7.0, sample(m).joules(), EPS, "counting resumes from the new baseline");
        }
    }

    @Test
    void shouldRefuseAJumpOfTwoToThe32UnitsAsImpossible() {
        try (EnergyMeter m = meter()) {
            sample(m);
            long jumped = 1_000_000 + (1L << 32); // 4295 J within one back-to-back sample of a 125 W package
            FakePowercap.energy(pkg, jumped);
            assertEquals(0.0, sample(m).joules(), EPS);
            assertEquals(1, metric(m, "counterResets"));
            FakePowercap.energy(pkg, jumped + 1_500_000);
            assertEquals(1.5, sample(m).joules(), EPS);
        }
    }

    @Test
    void shouldUndoOneWrapExactlyAndShortenTheIntervalSoTwoCannotHappen() {
        long range = 99_999_999; // 100 J counter range: wraps every 0.8 s at the package's 125 W
        Path small = sys.zone("intel-rapl", "1", "package-1", range - 500_000, range, 125_000_000L);
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys.sysfs()).workloadResolvers(false)
                .providers(List.of(new RaplPowerSourceProvider())).interval(Duration.ofSeconds(10)).build()) {
            double safe = Double.POSITIVE_INFINITY;
            for (var z : m.zones()) {
                // half the wrap period at the zone's maximum power, as the meter computes it
                safe = Math.min(safe, z.wrapModulus() * z.joulesPerUnit() / z.maxWatts() / 2);
            }
            assertTrue(safe < 1, "range and limit make a short safe interval: " + safe);
            assertTrue(m.interval().toNanos() * 1e-9 <= safe + 1e-3,
                    "interval " + m.interval() + " must not let the counter wrap twice (safe " + safe + " s)");
            m.sampleNow();
            FakePowercap.energy(small, 1_500_000); // wrapped once: 0.5 J to the top, 1 unit to 0, 1.5 J after
            m.sampleNow();
            ZoneEnergy z = m.snapshot().zones().stream().filter(e -> e.name().equals("package-1")).findFirst()
                    .orElseThrow();
            assertEquals(2.000001, z.joules(), EPS);
            assertEquals(1, metric(m, "counterWraps"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // guard only; the loop ends on counts, not on time
    void shouldKeepSamplingOnScheduleThroughFaultsAndRecoverWithoutHelp() throws Exception {
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys.sysfs()).workloadResolvers(false)
                .providers(List.of(new RaplPowerSourceProvider())).interval(Duration.ofMillis(20)).build()) {
            m.start();
            long value = 1_000_000;
            double seen = 0;
            for (int round = 0; round < 6; round++) {
                String fault = round % 3 == 0 ? "" : round % 3 == 1 ? "garbage\n" : "-5\n";
                FakePowercap.set(pkg, "energy_uj", fault);
                awaitTicks(m, 3);
                value += 1_000_000;
                FakePowercap.energy(pkg, value);
                awaitTicks(m, 3);
                double j = m.snapshot().zones().get(0).joules();
                assertTrue(j >= seen, "monotonic");
                seen = j;
            }
            assertEquals(6.0, seen, EPS, "every joule of every faulty stretch is counted once");
            assertEquals(0, metric(m, "counterResets"));
            assertTrue(metric(m, "zoneReadingsUnavailable") >= 6);
            assertEquals("", m.snapshot().zones().get(0).status(), "recovered");
        }
    }

    private static void awaitTicks(EnergyMeter m, int n) throws InterruptedException {
        long target = m.ticks() + n;
        while (m.ticks() < target) {
            Thread.sleep(5);
        }
    }
}
