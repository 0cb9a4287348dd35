package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of a meter's figures ({@link EnergyMeter#snapshot()}, {@link EnergyMeter#snapshotInto}, {@link
 * EnergyMeter#stats()}) copy the last completed sample and never wait for the sample in progress.
 */
class SnapshotReadersTest {

    @TempDir
    Path tmp;

    /** Sensor reads pass while it has permits; without, a read waits as a hung device read would. */
    private final Semaphore gate = new Semaphore(Integer.MAX_VALUE / 2);

    private EnergyMeter meter(FakeProcfs p, Path sys) {
        return EnergyMeter.builder().allProcesses(true).procfs(p.root()).sysfs(sys).workloadResolvers(false)
                .idlePolicy(IdlePolicy.none())
                .providers(List.of(new GatedCounters(), new CpuPowerModelProvider())).build();
    }

    /** The test counters, read through {@link #gate}. */
    private final class GatedCounters implements PowerSourceProvider {
        private final FileCounterProvider files = new FileCounterProvider();

        @Override
        public String id() {
            return files.id();
        }

        @Override
        public Zone.Group group() {
            return files.group();
        }

        @Override
        public int priority() {
            return files.priority();
        }

        @Override
        public String description() {
            return files.description();
        }

        @Override
        public Probe probe(SourceContext context) {
            return files.probe(context);
        }

        @Override
        public PowerSource open(SourceContext context) throws EnergySourceException {
            PowerSource s = files.open(context);
            return new PowerSource() {
                @Override
                public String id() {
                    return s.id();
                }

                @Override
                public List<Zone> zones() {
                    return s.zones();
                }

                @Override
                public int read(long[] values) {
                    gate.acquireUninterruptibly();
                    return s.read(values);
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }
    }

    @Test
    void shouldAnswerWhileASampleIsStuckInASensorRead() throws Exception {
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(tmp.resolve("proc")).process(100, "web", 10, 0, 50);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 1_000_000);
        try (EnergyMeter m = meter(p, sys)) {
            m.sampleNow();
            p.advanceCpu(100, 100).process(100, "web", 110, 0, 50);
            FileCounterProvider.energy(sys, "package-0", 3_000_000);
            m.sampleNow();
            EnergySnapshot before = m.snapshot();
            assertEquals(2.0, before.zones().get(0).joules(), 1e-9);

            // the sensor hangs, as a device read that waits on a BMC or a driver does
            gate.drainPermits();
            FileCounterProvider.energy(sys, "package-0", 6_000_000);
            Thread stuck = new Thread(m::sampleNow, "stuck-sample");
            stuck.start();
            waitUntil(() -> gate.hasQueuedThreads());
            assertTrue(gate.hasQueuedThreads(), "the sample is waiting in the sensor read");

            EnergySnapshot during = assertTimeoutPreemptively(Duration.ofSeconds(5), m::snapshot,
                    "a reader must not wait for the sample in progress");
            assertEquals(before.intervals(), during.intervals());
            assertEquals(2.0, during.zones().get(0).joules(), 1e-9, "the last completed sample's figures");
            assertEquals(2, assertTimeoutPreemptively(Duration.ofSeconds(5), m::stats).ticks());
            EnergySnapshot.Buffer b = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> m.snapshotInto(new EnergySnapshot.Buffer()));
            assertEquals(2.0, b.zoneJoules(0), 1e-9);

            gate.release(Integer.MAX_VALUE / 2); // the device answers: the sample completes
            stuck.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!stuck.isAlive(), "the stuck sample completed once the sensor answered");
            EnergySnapshot after = m.snapshot();
            assertEquals(before.intervals() + 1, after.intervals());
            assertEquals(5.0, after.zones().get(0).joules(), 1e-9);
        }
    }

    @Test
    void shouldFillABufferWithTheSnapshotsFiguresWithoutAllocating() {
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(tmp.resolve("proc")).process(100, "web", 10, 0, 50)
                .process(200, "batch", 20, 0, 60);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 1_000_000);
        FileCounterProvider.zone(sys, "package-1", Zone.Domain.PACKAGE, 1L << 40, 1_000_000);
        try (EnergyMeter m = meter(p, sys)) {
            m.sampleNow();
            p.advanceCpu(100, 100).process(100, "web", 40, 0, 50).process(200, "batch", 80, 0, 60);
            FileCounterProvider.energy(sys, "package-0", 11_000_000);
            FileCounterProvider.energy(sys, "package-1", 5_000_000);
            m.sampleNow();
            EnergySnapshot s = m.snapshot();
            EnergySnapshot.Buffer reuse = new EnergySnapshot.Buffer();
            EnergySnapshot.Buffer b = m.snapshotInto(reuse);
            assertSame(reuse, b);
            assertEquals(s.intervals(), b.intervals());
            assertEquals(s.zones().size(), b.zoneCount());
            for (int z = 0; z < b.zoneCount(); z++) {
                assertEquals(s.zones().get(z).joules(), b.zoneJoules(z), 0.0);
                assertEquals(s.zones().get(z).idleJoules(), b.zoneIdleJoules(z), 0.0);
                assertEquals(s.zones().get(z).unattributedJoules(), b.zoneUnattributedJoules(z), 0.0);
            }
            assertEquals(s.processes().size(), b.processCount());
            for (int i = 0; i < b.processCount(); i++) {
                ProcessEnergy pe = s.processes().get(i);
                assertEquals(pe.pid(), b.pid(i));
                assertEquals(pe.startTimeTicks(), b.startTimeTicks(i));
                assertEquals(pe.joules(), b.processJoules(i), 0.0);
                for (int z = 0; z < b.zoneCount(); z++) {
                    assertEquals(pe.zoneJoules().get(z), b.processZoneJoules(i, z), 0.0);
                }
            }
            assertEquals(14.0, s.nodeJoules(), 1e-9);
            assertEquals(4.2, s.processes().stream().filter(pe -> pe.pid() == 100).findFirst().orElseThrow()
                    .joules(), 1e-9, "30 of 100 busy ticks of 14 J");
            assertThrows(IndexOutOfBoundsException.class, () -> b.pid(b.processCount()));
            assertThrows(IndexOutOfBoundsException.class, () -> b.processZoneJoules(0, b.zoneCount()));

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                    ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            for (int i = 0; i < 20_000; i++) {
                m.snapshotInto(b); // warm-up: the buffer is sized, the copy compiled
            }
            long start = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                m.snapshotInto(b);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - start;
            // one allocation per call would be at least 160,000 bytes; the JIT's on-stack replacement and the
            // counter itself cost about a kilobyte once
            assertTrue(allocated < 16 * 1024, "10,000 reads into a sized buffer allocated " + allocated + " bytes");
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
