package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.procfs.PidStat;
import io.github.energy4j.procfs.ProcessSink;
import io.github.energy4j.procfs.ProcfsScanner;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded under pid churn: after a million short-lived processes the tables hold no more
 * than the live set plus the exited processes still inside their retention, and energy is conserved
 * (processes + unattributed + idle + retired = zone energy) throughout.
 */
class ChurnBoundTest {

    private static final int LONG_LIVED = 500;
    private static final int SHORT_LIVED = 500;
    private static final int RETENTION = 5;
    // short-lived pids come from a small range, so a pid returns while its previous owner is retained
    private static final int SHORT_PID_BASE = 100_000;
    private static final int SHORT_PID_RANGE = 2048;

    @TempDir
    Path tmp;

    private static int inUse(AttributionEngine e) {
        int n = 0;
        for (int s = 0; s < e.slotLimit(); s++) {
            if (e.inUse(s)) {
                n++;
            }
        }
        return n;
    }

    private static void assertConserved(AttributionEngine e, String ctx) {
        for (int z = 0; z < e.zoneCount(); z++) {
            double processes = e.zoneRetiredProcessJoules(z);
            for (int s = 0; s < e.slotLimit(); s++) {
                if (e.inUse(s)) {
                    processes += e.processJoules(s, z);
                }
            }
            double node = e.zoneJoules(z);
            double parts = processes + e.zoneUnattributedJoules(z) + e.zoneIdleJoules(z);
            assertEquals(node, parts, 1e-9 * node, ctx + ": zone " + z + " not conserved");
            assertTrue(e.zoneRetiredProcessJoules(z) > 0, ctx + ": nothing retired, churn not exercised");
        }
    }

    @Test
    void shouldKeepTheProcessTableWithinLiveSetPlusRetentionOverAMillionShortLivedPids() {
        AttributionEngine e = new AttributionEngine(2, new boolean[] {true, true}, RETENTION, 64);
        int intervals = 1_000_000 / SHORT_LIVED;
        // the live set, plus every process that exited within the retention: an exit is noticed at the end of
        // the first interval without the process, which is kept RETENTION intervals more, so RETENTION + 1
        // generations of exited processes can be in the table while a new generation is observed
        int bound = LONG_LIVED + SHORT_LIVED + SHORT_LIVED * (RETENTION + 1);
        long startTime = 1;
        int nextShortPid = 0;
        long births = 0;
        int maxInUse = 0;
        int limitAtHalf = -1;
        for (int iv = 1; iv <= intervals; iv++) {
            e.beginInterval();
            long busy = 0;
            for (int p = 0; p < LONG_LIVED; p++) {
                e.observe(1 + p, p, (long) iv * (p % 3));
                busy += p % 3;
            }
            // every interval a new generation of short-lived processes: each lives one interval
            for (int k = 0; k < SHORT_LIVED; k++) {
                int pid = SHORT_PID_BASE + nextShortPid;
                nextShortPid = (nextShortPid + 1) % SHORT_PID_RANGE;
                int slot = e.observe(pid, 1_000 + startTime++, 2);
                assertTrue(e.isNew(slot), "a reused pid with a new start time is a new process");
                births++;
                busy += 2;
            }
            maxInUse = Math.max(maxInUse, inUse(e)); // the peak: all observed, nothing retired yet
            e.zoneEnergy(0, 50.0, 10.0);
            e.zoneEnergy(1, 5.0, 1.0);
            e.endInterval(busy + 40, Double.NaN);
            if (iv == intervals / 2) {
                limitAtHalf = e.slotLimit();
            }
            if (iv % 500 == 0) {
                assertConserved(e, "interval " + iv);
            }
        }
        assertEquals(1_000_000, births);
        assertTrue(maxInUse <= bound, "slots in use " + maxInUse + " > bound " + bound);
        assertTrue(e.slotLimit() <= bound, "slot table " + e.slotLimit() + " > bound " + bound);
        assertEquals(limitAtHalf, e.slotLimit(), "the slot table grew during the second half of the soak");
        assertConserved(e, "end");
    }

    @Test
    void shouldKeepScannerAndEngineBoundedWhenProcessesComeAndGoOnDisk() {
        FakeProcfs proc = FakeProcfs.create(tmp);
        int live = 100;
        int churn = 10;
        int intervals = 25;
        for (int p = 0; p < live; p++) {
            proc.process(1000 + p, "worker", p, 0, 500 + p);
        }
        // files kept open, listing only when the fork counter moves: the meter's real-procfs behaviour
        ProcfsScanner scanner = new ProcfsScanner(tmp, false, Integer.MAX_VALUE, 1 << 16);
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 2, 16);
        ProcessSink sink = new ProcessSink() {
            @Override
            public void process(PidStat stat, byte[] buf) {
                e.observe(stat.pid, stat.startTime, stat.cpuTicks());
            }
        };
        int oldest = 1000;
        int next = 1000 + live;
        long start = 10_000;
        for (int iv = 0; iv < intervals; iv++) {
            for (int k = 0; k < churn; k++) {
                proc.exit(oldest++);
                proc.process(next++, "short", 1, 1, start++);
            }
            proc.advanceCpu(100, 100);
            e.beginInterval();
            int seen = scanner.scan(sink);
            e.zoneEnergy(0, 10.0, 1.0);
            e.endInterval(100, Double.NaN);
            assertEquals(live, seen, "interval " + iv);
            assertEquals(live, scanner.trackedProcesses(), "interval " + iv);
            assertTrue(inUse(e) <= live + churn * 2, "interval " + iv + ": " + inUse(e) + " slots in use");
        }
        assertTrue(e.slotLimit() <= live + churn * 3, "slot table " + e.slotLimit());
        assertConserved(e, "end");
        scanner.close();
    }
}
