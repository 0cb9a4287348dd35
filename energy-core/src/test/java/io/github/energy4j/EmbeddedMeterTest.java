package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an application embedding a meter relies on: self-only reading, honest failures, a bounded close. */
class EmbeddedMeterTest {

    private static final int SELF = (int) ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private FakeProcfs hostWith(int others) {
        FakeProcfs p = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(1000, 0, 0, 5000, 0, 0, 0, 0);
        for (int i = 0; i < others; i++) {
            p.process(SELF + 1 + i, "other-" + i, 10, 0, 100 + i);
        }
        return p.process(SELF, "java", 5, 0, 7);
    }

    @Test
    void shouldReadOnlyItsOwnProcessByDefaultWhateverTheHostRuns() {
        FakeProcfs p = hostWith(300);
        Path sys = tmp.resolve("sys");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(sys).workloadResolvers(false)
                .idlePolicy(IdlePolicy.none()).providers(List.of(new FileCounterProvider())).build()) {
            m.sampleNow();
            p.advanceCpu(100, 100).process(SELF, "java", 30, 0, 7); // this JVM: 25 of the 100 busy ticks
            for (int i = 0; i < 300; i++) {
                p.process(SELF + 1 + i, "other-" + i, 10, 0, 100 + i); // others idle in this interval
            }
            FileCounterProvider.energy(sys, "package-0", 4_000_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            assertEquals(1, s.processes().size(), "only this process is read");
            ProcessEnergy self = s.processes().get(0);
            assertEquals(SELF, self.pid());
            assertEquals(1.0, self.joules(), 1e-9, "25 of 100 busy ticks of 4 J");
            assertEquals(3.0, s.unattributedJoules(), 1e-9, "the rest of the node is not ours");
            assertEquals(1.0, m.processJoules(), 1e-9);
            assertEquals(1, m.stats().processesTracked());
        }
        try (EnergyMeter all = EnergyMeter.builder().allProcesses(true).procfs(p.root()).sysfs(sys)
                .workloadResolvers(false).providers(List.of(new FileCounterProvider())).build()) {
            all.sampleNow();
            assertEquals(301, all.stats().processesTracked(), "allProcesses reads the host");
        }
    }

    @Test
    void shouldNotGrowItsTickWithTheHostsProcessCount() {
        FakeProcfs p = hostWith(2000);
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(tmp.resolve("sys"))
                .workloadResolvers(false).providers(List.of(new CpuPowerModelProvider())).build()) {
            for (int i = 0; i < 5; i++) {
                p.advanceCpu(10, 10).forks(2000 + i); // a busy host forks all the time
                m.sampleNow();
            }
            assertEquals(1, m.stats().processesTracked());
            assertEquals(1, m.stats().procfsListings(),
                    "one look-up of its own pid on the first tick; the directory is never listed: " + m.stats());
        }
    }

    @Test
    void shouldOpenOnlyTheFirstForcedSourceOfAGroupSoNothingIsCountedTwice() {
        FakeProcfs p = hostWith(0);
        Path sys = tmp.resolve("sys");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(sys).workloadResolvers(false)
                .providers(List.of(new FileCounterProvider(), new CpuPowerModelProvider()))
                .sources("model", "test-counter").build()) {
            assertEquals(List.of("cpu-model"), m.zones().stream().map(Zone::name).toList(),
                    "model is named first, and both measure the CPU group");
            SourceStatus counter = m.sources().stream().filter(st -> st.id().equals("test-counter")).findFirst()
                    .orElseThrow();
            assertFalse(counter.selected());
            assertTrue(counter.reason().contains("model comes first"), counter.reason());
        }
    }

    @Test
    void shouldReadAScopeUnavailableNotZeroWhenItsZoneCannotBeRead() throws Exception {
        FakeProcfs p = hostWith(0);
        Path sys = tmp.resolve("sys");
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        FakeProcfs.write(sys.resolve("test-counter/package-0/energy_uj"), "garbage\n");
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(sys).workloadResolvers(false)
                .interval(Duration.ofMillis(20)).providers(List.of(new FileCounterProvider())).build()) {
            EnergyScope s;
            try (EnergyScope scope = m.scope("unpriced")) {
                s = scope;
                for (int i = 0; i < 3; i++) {
                    p.advanceCpu(50, 50);
                    m.sampleNow();
                }
                EnergyMeterTest.burn(20);
            }
            assertEquals(Provenance.UNAVAILABLE, s.source());
            assertTrue(Double.isNaN(s.joules()), "never 0 J measured: " + s.joules());
            ZoneEnergy z = m.snapshot().zones().get(0);
            assertTrue(z.status().startsWith("unreadable"), z.status());
        }
    }

    @Test
    void shouldNameTheExceptionOfASourceWhoseReadThrows() {
        FakeProcfs p = hostWith(0);
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(tmp).workloadResolvers(false)
                .providers(List.of(new ScriptedProvider(() -> {
                    throw new IllegalStateException("device wedged");
                }))).build()) {
            m.sampleNow();
            ZoneEnergy z = m.snapshot().zones().get(0);
            assertTrue(z.status().contains("device wedged"), "the thrown message, not a stale lastError: "
                    + z.status());
            assertTrue(Double.isNaN(z.watts()));
        }
    }

    @Test
    void shouldCloseWithinSecondsWhenASourceReadNeverReturns() throws Exception {
        FakeProcfs p = hostWith(0);
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch closedSource = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedProvider stuck = new ScriptedProvider(() -> {
            if (reads.incrementAndGet() == 1) {
                return; // the baseline read on the caller's thread works; the sampler thread's next one blocks
            }
            inRead.countDown();
            // ignores interrupts, as a read blocked in a device driver does
            while (true) {
                try {
                    never.await();
                    return;
                } catch (InterruptedException e) {
                    // keep blocking
                }
            }
        });
        stuck.onClose = closedSource::countDown;
        EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(tmp).workloadResolvers(false)
                .interval(Duration.ofMillis(20)).providers(List.of(stuck)).build();
        m.start();
        assertTrue(inRead.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        m.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 8000, "close() returned after " + ms + " ms");
        assertEquals(1, closedSource.getCount(), "the stuck source is not closed under the read");
        never.countDown(); // the read returns: the sampler thread closes the sources on its way out
        assertTrue(closedSource.await(10, TimeUnit.SECONDS), "closed when the read returned");
    }

    @Test
    void shouldWarnOnceForATickThatKeepsFailingAndKeepSampling() throws Exception {
        FakeProcfs p = hostWith(0);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedProvider broken = new ScriptedProvider(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new NoClassDefFoundError("a native binding went missing"); // an Error, not a RuntimeException
            }
        });
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, "UTF-8"));
        try (EnergyMeter m = EnergyMeter.builder().procfs(p.root()).sysfs(tmp).workloadResolvers(false)
                .interval(Duration.ofMillis(10)).providers(List.of(broken)).build()) {
            m.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (reads.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(reads.get() >= 20, "the sampler kept trying: " + reads.get());
        } finally {
            System.setErr(err);
        }
        String out = log.toString("UTF-8");
        int warns = out.split("WARN io.github.energy4j.EnergyMeter - sampling tick failed", -1).length - 1;
        assertEquals(1, warns, "one WARN per kind of failure, then DEBUG:\n" + out);
    }

    /** A one-zone CPU source whose read runs a script (throws or blocks), for fault tests. */
    private static final class ScriptedProvider implements PowerSourceProvider {
        private final Runnable onRead;
        Runnable onClose = () -> { };

        ScriptedProvider(Runnable onRead) {
            this.onRead = onRead;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public Zone.Group group() {
            return Zone.Group.CPU;
        }

        @Override
        public int priority() {
            return 500;
        }

        @Override
        public String description() {
            return "a source whose read runs a script";
        }

        private static List<Zone> zones() {
            return List.of(Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, 1L << 40, 500, "scripted"));
        }

        @Override
        public Probe probe(SourceContext context) {
            return Probe.available(zones());
        }

        @Override
        public PowerSource open(SourceContext context) throws EnergySourceException {
            return new PowerSource() {
                @Override
                public String id() {
                    return "scripted";
                }

                @Override
                public List<Zone> zones() {
                    return ScriptedProvider.zones();
                }

                @Override
                public int read(long[] values) {
                    onRead.run();
                    values[0] = 0;
                    return 1;
                }

                @Override
                public String lastError() {
                    return "stale message from an earlier read";
                }

                @Override
                public void close() {
                    onClose.run();
                }
            };
        }
    }
}
