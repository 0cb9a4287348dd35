package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.testing.FakeProcfs;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counter and attribute files that are not what they seem, through the real powercap source and meter: a FIFO
 * (opening it for reading would block until a writer comes), a huge sparse attribute, a counter file replaced
 * under the open descriptor (delete and re-create, rename over) and a value above the zone's range. Each must give
 * a reason and an unavailable zone promptly, or keep counting, never hang, freeze or exhaust the heap.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RaplHostileFilesTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private FakeProcfs proc;
    private FakePowercap sys;
    private Path pkg;

    @BeforeEach
    void host() {
        proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0)
                .process(100, "worker", 10, 0, 50);
        sys = FakePowercap.create(tmp.resolve("sys"));
        pkg = sys.zone("intel-rapl", "0", "package-0", 1_000_000, 1_000_000_000L, 125_000_000L);
    }

    private EnergyMeter meter() {
        return EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(sys.sysfs()).workloadResolvers(false)
                .providers(List.of(new RaplPowerSourceProvider())).idlePolicy(IdlePolicy.none()).build();
    }

    private ZoneEnergy sample(EnergyMeter m) {
        proc.advanceCpu(50, 50);
        m.sampleNow();
        return m.snapshot().zones().get(0);
    }

    private static long metric(EnergyMeter m, String name) {
        return m.stats().asMap().get(name).longValue();
    }

    private static void mkfifo(Path p) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")) || Files.isExecutable(Path.of("/bin/mkfifo")),
                "needs mkfifo");
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        assertEquals(0, mk.waitFor());
    }

    private SourceContext ctx() {
        return new SourceContext(proc.root(), sys.sysfs(), tmp.resolve("dev"), Map.of(), k -> null);
    }

    @Test
    void shouldRefuseAFifoCounterPromptlyWithAReasonAtProbe() throws Exception {
        Files.delete(pkg.resolve("energy_uj"));
        mkfifo(pkg.resolve("energy_uj"));
        Probe probe = new RaplPowerSourceProvider().probe(ctx());
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("a FIFO, not a regular file"), probe.reason());
    }

    @Test
    void shouldReportAFifoCounterAsAnUnavailableZoneInTheSampler() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            Files.delete(pkg.resolve("energy_uj"));
            mkfifo(pkg.resolve("energy_uj"));
            // the kept-open descriptor still reads the old file: the replacement shows first (a zone's status names
            // the first failure of an episode), then every read refuses the FIFO without opening it
            ZoneEnergy replaced = sample(m);
            assertTrue(replaced.status().contains("replaced"), replaced.status());
            long unavailable = metric(m, "zoneReadingsUnavailable");
            sample(m);
            sample(m);
            assertEquals(unavailable + 2, metric(m, "zoneReadingsUnavailable"), "unavailable, not hung, not zero");
            assertTrue(metric(m, "sourceErrors") >= 3);
        }
    }

    @Test
    void shouldNameTheFifoInTheSourcesLastError() throws Exception {
        try (io.github.energy4j.spi.PowerSource s = new RaplPowerSourceProvider().open(ctx())) {
            long[] v = new long[s.zones().size()];
            s.read(v);
            assertTrue(v[0] >= 0, "readable before");
            Files.delete(pkg.resolve("energy_uj"));
            mkfifo(pkg.resolve("energy_uj"));
            s.read(v); // the replacement
            s.read(v);
            assertEquals(io.github.energy4j.spi.PowerSource.UNAVAILABLE, v[0]);
            assertTrue(s.lastError().contains("energy_uj: a FIFO, not a regular file"), s.lastError());
        }
    }

    @Test
    void shouldKeepCountingWhenTheCounterFileIsDeletedAndRecreated() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.energy(pkg, 2_000_000);
            assertEquals(1.0, sample(m).joules(), EPS);
            // no empty write first: the open descriptor still reads the old inode's "2000000"
            Files.delete(pkg.resolve("energy_uj"));
            FakePowercap.energy(pkg, 3_000_000);
            ZoneEnergy replaced = sample(m);
            assertTrue(replaced.status().contains("replaced"), replaced.status());
            assertTrue(metric(m, "zoneReadingsUnavailable") >= 1);
            assertTrue(metric(m, "sourceErrors") >= 1);
            ZoneEnergy next = sample(m);
            assertEquals("", next.status());
            FakePowercap.energy(pkg, 4_000_000);
            double before = next.joules();
            assertEquals(before + 1.0, sample(m).joules(), EPS, "the re-opened file keeps counting");
        }
    }

    @Test
    void shouldKeepCountingWhenTheCounterFileIsReplacedByRename() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.energy(pkg, 2_000_000);
            assertEquals(1.0, sample(m).joules(), EPS);
            Path fresh = pkg.resolve("energy_uj.new");
            Files.writeString(fresh, "2500000\n");
            Files.move(fresh, pkg.resolve("energy_uj"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertTrue(sample(m).status().contains("replaced"));
            double at = sample(m).joules();
            FakePowercap.energy(pkg, 3_500_000);
            assertEquals(at + 1.0, sample(m).joules(), EPS, "the renamed-over file keeps counting");
            FakePowercap.energy(pkg, 4_000_000);
            assertEquals(at + 1.5, sample(m).joules(), EPS);
        }
    }

    @Test
    void shouldRefuseAValueAboveTheZoneRange() throws Exception {
        try (EnergyMeter m = meter()) {
            sample(m);
            FakePowercap.energy(pkg, 1_000_000_001L); // max_energy_range_uj is 1,000,000,000
            ZoneEnergy z = sample(m);
            assertTrue(z.status().contains("above the counter's range"), z.status());
            assertEquals(0.0, z.joules(), EPS);
            FakePowercap.energy(pkg, 3_000_000);
            assertEquals(2.0, sample(m).joules(), EPS, "a good reading counts again");
        }
    }

    @Test
    void shouldReadOnlyABoundedPrefixOfAHugeSparseAttribute() throws Exception {
        sparse(pkg.resolve("max_energy_range_uj"));
        long t0 = System.nanoTime();
        Probe probe = new RaplPowerSourceProvider().probe(ctx());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "probe took too long");
        assertFalse(probe.available(), "a zone without a readable range (and no MSR to derive it) is refused");
        assertTrue(probe.reason().contains("max_energy_range_uj"), probe.reason());

        sparse(pkg.resolve("name"));
        t0 = System.nanoTime();
        probe = new RaplPowerSourceProvider().probe(ctx());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "probe took too long");
        assertFalse(probe.available(), "a zone whose name is not a page of text is not a RAPL zone");
    }

    /** 1 GiB of holes after the text: read whole, it took 14 s and exhausted a 128 MB heap. */
    private static void sparse(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
    }
}
