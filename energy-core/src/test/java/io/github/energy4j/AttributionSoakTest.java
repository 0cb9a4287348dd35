package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.internal.AttributionEngine;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: the attribution engine under heavy pid churn, and the running meter over a churning proc
 * tree. Asserts that memory stays bounded by the live set plus the exited processes in retention,
 * that no energy is lost (the zone total equals the node counter's delta, and processes + retired +
 * unattributed + idle add up to it), and reports sampler jitter.
 *
 * <p>The engine part always runs at full size (1M short-lived pids, 10k live ones; a few seconds). The
 * meter part runs 6 s over 1k live pids by default; {@code -Denergy4j.soak=long} makes it 10 minutes
 * over 10k live pids and ~1M short-lived ones (see docs/RELIABILITY.md). Figures go to stdout and to
 * {@code target/soak/}.
 */
class AttributionSoakTest {

    private static final boolean LONG = "long".equals(System.getProperty("energy4j.soak"));

    @TempDir
    Path tmp;

    /** Engine level: every interval 10k live processes work, and a batch of short-lived ones is born and dies. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a few seconds at full size in every mode; more is a hang
    void shouldBoundMemoryAndConserveEnergyUnderAMillionShortLivedPids() throws IOException {
        final int live = 10_000;
        final long shortLived = 1_000_000; // a few seconds: the engine part runs at full size in every build
        final int bornPerInterval = 500;
        final int retention = 60;
        final int intervals = (int) (shortLived / bornPerInterval);
        Random rnd = new Random(42);
        AttributionEngine e = new AttributionEngine(2, new boolean[] {true, true}, retention, 1024);
        long[] liveTicks = new long[live];
        double nodeJoules = 0; // what a node counter would have advanced by
        long nextPid = 0;
        long started = System.nanoTime();
        int maxSlots = 0;
        long maxHeap = 0;
        long heapAtWarm = 0;
        for (int k = 1; k <= intervals; k++) {
            e.beginInterval();
            long busy = 0;
            for (int p = 0; p < live; p++) {
                long d = rnd.nextInt(4);
                liveTicks[p] += d;
                busy += d;
                int slot = e.observe(p + 1, 1, liveTicks[p]);
                if (e.isNew(slot)) {
                    e.identify(slot, "live", AttributionEngine.NO_WORKLOAD);
                }
            }
            for (int b = 0; b < bornPerInterval; b++) {
                // short-lived pids cycle through 20k numbers, so a pid comes back with a new start time
                // while its previous owner is still kept for the retention (40 intervals < 60)
                int pid = live + 1 + (int) (nextPid++ % 20_000);
                long d = rnd.nextInt(6);
                busy += d;
                int slot = e.observe(pid, 1_000_000L + k, d);
                if (e.isNew(slot)) {
                    e.identify(slot, "short", AttributionEngine.NO_WORKLOAD);
                }
            }
            busy += rnd.nextInt(200); // irq, steal and the exited processes' last ticks
            for (int z = 0; z < 2; z++) {
                double j = rnd.nextDouble() * 200;
                nodeJoules += j;
                e.zoneEnergy(z, j, Math.min(j, 20));
            }
            e.endInterval(busy, Double.NaN);
            maxSlots = Math.max(maxSlots, e.slotLimit());
            if (k % 200 == 0 || k == intervals) {
                assertConserved(e, 2);
                long heap = usedHeapAfterGc();
                maxHeap = Math.max(maxHeap, heap);
                if (heapAtWarm == 0 && k >= retention * 2) {
                    heapAtWarm = heap;
                }
            }
        }
        double seconds = (System.nanoTime() - started) * 1e-9;
        double zoneTotal = e.zoneJoules(0) + e.zoneJoules(1);
        assertEquals(nodeJoules, zoneTotal, 1e-9 * nodeJoules, "Σ over time equals the node counter delta");
        // live set plus short-lived ones inside the retention window (born, seen once, kept `retention`
        // intervals), plus one interval of slack for the order of retirement and reuse
        int bound = live + bornPerInterval * (retention + 2);
        assertTrue(maxSlots <= bound, "slots " + maxSlots + " > bound " + bound);
        // after the retention window fills, the heap must not keep growing with the pids seen
        assertTrue(maxHeap < heapAtWarm + 64L * 1024 * 1024,
                "heap grew from " + mib(heapAtWarm) + " to " + mib(maxHeap) + " MiB");
        report("engine", String.format(Locale.ROOT,
                "engine soak: %d intervals, %d live pids, %d short-lived pids, %.1f s (%.2f ms/interval); "
                        + "slots max %d (bound %d); heap after GC max %d MiB (at warm-up %d MiB); "
                        + "node %.3f J = zones %.3f J",
                intervals, live, shortLived, seconds, seconds * 1000 / intervals, maxSlots, bound, mib(maxHeap),
                mib(heapAtWarm), nodeJoules, zoneTotal));
    }

    private static void assertConserved(AttributionEngine e, int zones) {
        for (int z = 0; z < zones; z++) {
            double procs = 0;
            for (int s = 0; s < e.slotLimit(); s++) {
                if (e.inUse(s)) {
                    procs += e.processJoules(s, z);
                }
            }
            double sum = procs + e.zoneRetiredProcessJoules(z) + e.zoneUnattributedJoules(z) + e.zoneIdleJoules(z);
            assertEquals(e.zoneJoules(z), sum, 1e-9 * e.zoneJoules(z), "conservation in zone " + z);
        }
    }

    /**
     * Meter level: the real sampler thread over a proc tree that another thread churns, with a counter
     * that advances 1 J per read. Every joule read is in the zone total, and conservation holds.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void shouldKeepEveryJouleAndReportJitterWhileTheProcTreeChurns() throws Exception {
        final int live = LONG ? 10_000 : 1_000;
        final Duration runFor = LONG ? Duration.ofMinutes(10) : Duration.ofSeconds(6);
        final Duration interval = Duration.ofMillis(LONG ? 1000 : 100);
        final int churnPerRound = LONG ? 1_700 : 50; // long: 1M short-lived if the tree keeps up with ~1 round per second
        FakeProcfs proc = FakeProcfs.create(tmp.resolve("proc")).cpus(8);
        for (int p = 1; p <= live; p++) {
            proc.process(p, "live-" + p, 0, 0, 1);
        }
        TickClock clock = new TickClock();
        Churner churner = new Churner(proc, live, churnPerRound, interval);
        long heapBefore;
        long heapAfter;
        long tracked;
        try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(clock)).interval(interval)
                .processRetention(interval.multipliedBy(5)).idlePolicy(IdlePolicy.none()).build()) {
            heapBefore = usedHeapAfterGc();
            m.start();
            churner.start();
            Thread.sleep(runFor.toMillis());
            churner.stop();
            m.close(); // stops the sampler: no read after this, so the counter and the totals are final
            EnergySnapshot s = m.snapshot();
            heapAfter = usedHeapAfterGc();
            tracked = m.stats().processesTracked();
            SamplerFaultInjectionTest.assertConservedAndNonNegative(s);
            double zone = s.zones().get(0).joules();
            assertEquals(clock.reads() - 1, zone, 1e-6, "every joule the counter advanced after the baseline");
            long[] gaps = clock.gapsNanos();
            Arrays.sort(gaps);
            long target = interval.toNanos();
            String line = String.format(Locale.ROOT,
                    "meter soak: %d s, interval %d ms, %d live pids, %d short-lived pids born, %d ticks; "
                            + "tick gap p50 %.1f ms, p99 %.1f ms, max %.1f ms (target %d ms); "
                            + "heap after GC %d -> %d MiB; tracked at end %d; zone %.0f J = counter delta %d J",
                    runFor.toSeconds(), interval.toMillis(), live, churner.born(), gaps.length + 1,
                    pct(gaps, 50) / 1e6, pct(gaps, 99) / 1e6, gaps[gaps.length - 1] / 1e6, target / 1_000_000,
                    mib(heapBefore), mib(heapAfter), tracked, zone, clock.reads() - 1);
            report("meter", line);
            assertTrue(gaps.length >= 5, "the sampler kept ticking: " + line);
            assertTrue(heapAfter < heapBefore + 256L * 1024 * 1024, line);
        } finally {
            churner.stop();
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static void report(String name, String line) throws IOException {
        System.out.println(line);
        Path dir = Path.of("target", "soak");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + (LONG ? "-long" : "-short") + ".txt"), line + "\n", StandardCharsets.UTF_8);
    }

    /** A power source standing in for a node counter: +1 J per read; records when each read happened. */
    static final class TickClock implements PowerSourceProvider, PowerSource {
        private final Zone zone = Zone.microjouleCounter("node-counter", 0, Zone.Domain.PACKAGE, 0, Double.NaN, "soak");
        private long[] times = new long[1024];
        private volatile int reads;

        @Override
        public String id() {
            return "soak-clock";
        }

        @Override
        public Zone.Group group() {
            return Zone.Group.CPU;
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public String description() {
            return "a counter that advances 1 J per read";
        }

        @Override
        public Probe probe(SourceContext context) {
            return Probe.available(List.of(zone));
        }

        @Override
        public PowerSource open(SourceContext context) {
            return this;
        }

        @Override
        public List<Zone> zones() {
            return List.of(zone);
        }

        @Override
        public int read(long[] values) {
            int n = reads;
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            times[n] = System.nanoTime();
            values[0] = (n + 1) * 1_000_000L;
            reads = n + 1;
            return 1;
        }

        int reads() {
            return reads;
        }

        /** Gaps between consecutive scheduled reads (the first two reads are the baseline and warm-up). */
        long[] gapsNanos() {
            int n = reads;
            long[] g = new long[Math.max(0, n - 2)];
            for (int i = 2; i < n; i++) {
                g[i - 2] = times[i] - times[i - 1];
            }
            return g;
        }

        @Override
        public void close() {
        }
    }

    /** Rewrites the tree like a busy node: live processes accumulate CPU, short-lived ones come and go. */
    private static final class Churner implements Runnable {
        private final FakeProcfs proc;
        private final int live;
        private final int perRound;
        private final Duration pause;
        private final Thread thread = new Thread(this, "soak-churner");
        private final Random rnd = new Random(7);
        private volatile boolean running = true;
        private volatile long born;
        private int nextPid;
        private int[] previous = new int[0];

        Churner(FakeProcfs proc, int live, int perRound, Duration pause) {
            this.proc = proc;
            this.live = live;
            this.perRound = perRound;
            this.pause = pause;
            this.nextPid = live + 1;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(60_000);
        }

        long born() {
            return born;
        }

        @Override
        public void run() {
            long round = 0;
            while (running) {
                round++;
                for (int pid : previous) {
                    proc.exit(pid);
                }
                int[] now = new int[perRound];
                for (int i = 0; i < perRound; i++) {
                    int pid = nextPid++;
                    if (nextPid >= 4_000_000) {
                        nextPid = live + 1;
                    }
                    // the stat file alone (FakeProcfs.process would rewrite /proc/stat for every pid)
                    FakeProcfs.write(proc.root().resolve(pid + "/stat"),
                            FakeProcfs.pidStatLine(pid, "short", 'R', rnd.nextInt(5), 0, 100_000 + round));
                    now[i] = pid;
                }
                previous = now;
                born += perRound;
                proc.forks(proc.forks() + perRound); // one fork-counter update per round, as readers see it
                for (int i = 0; i < 100; i++) {
                    int pid = 1 + rnd.nextInt(live);
                    proc.process(pid, "live-" + pid, round * 3, round, 1);
                }
                proc.advanceCpu(perRound * 2L + 400, 100);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
