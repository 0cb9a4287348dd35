package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCpuUsageTest {

    @TempDir
    Path tmp;

    @Test
    void shouldGiveBusyTicksOverAllTicksOfEachInterval() {
        FakeProcfs p = FakeProcfs.create(tmp).cpus(4).cpuTicks(1000, 100, 400, 8000, 300, 20, 30, 50);
        NodeCpuUsage u = new NodeCpuUsage(tmp);
        // busy: user 60 + nice 10 + system 20 + irq 2 + softirq 3 + steal 5 = 100; idle 280 + iowait 20 = 300
        p.cpuTicks(1060, 110, 420, 8280, 320, 22, 33, 55);
        assertEquals(100.0 / 400, u.next(), 1e-12);
        p.advanceCpu(30, 10);
        assertEquals(0.75, u.next(), 1e-12);
        p.advanceCpu(0, 50);
        assertEquals(0.0, u.next(), 0);
    }

    @Test
    void shouldBeNaNWhenNoTickPassedOrTheCountersWentBackwardsThenRecover() {
        FakeProcfs p = FakeProcfs.create(tmp).cpuTicks(1000, 0, 0, 1000, 0, 0, 0, 0);
        NodeCpuUsage u = new NodeCpuUsage(tmp);
        assertTrue(Double.isNaN(u.next()), "no tick since the baseline");
        p.cpuTicks(10, 0, 0, 10, 0, 0, 0, 0); // a restored container checkpoint, say: counters restart
        assertTrue(Double.isNaN(u.next()), "counters went backwards");
        p.advanceCpu(1, 3);
        assertEquals(0.25, u.next(), 1e-12);
    }

    @Test
    void shouldBeNaNWhileStatIsUnreadableOrMalformedNeverThrow() throws Exception {
        NodeCpuUsage u = new NodeCpuUsage(tmp.resolve("missing"));
        assertTrue(Double.isNaN(u.next()));
        FakeProcfs.write(tmp.resolve("stat"), "cpu  oops\n");
        NodeCpuUsage bad = new NodeCpuUsage(tmp);
        assertTrue(Double.isNaN(bad.next()));
        // the first good reading is a baseline, the next one a ratio
        FakeProcfs.write(tmp.resolve("stat"), "cpu  10 0 0 30 0 0 0 0 0 0\n");
        assertTrue(Double.isNaN(bad.next()));
        Files.writeString(tmp.resolve("stat"), "cpu  20 0 0 40 0 0 0 0 0 0\n");
        assertEquals(0.5, bad.next(), 1e-12);
    }

    @Test
    void shouldReadAStatLargerThanItsFirstBuffer() {
        FakeProcfs p = FakeProcfs.create(tmp).cpus(256).cpuTicks(256_000, 0, 0, 256_000, 0, 0, 0, 0);
        NodeCpuUsage u = new NodeCpuUsage(tmp);
        p.advanceCpu(512, 1536);
        assertEquals(0.25, u.next(), 1e-12);
    }
}
