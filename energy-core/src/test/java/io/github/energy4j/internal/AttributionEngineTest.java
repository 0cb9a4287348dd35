package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class AttributionEngineTest {

    private static double sumProcesses(AttributionEngine e, int z) {
        double sum = 0;
        for (int s = 0; s < e.slotLimit(); s++) {
            if (e.inUse(s)) {
                sum += e.processJoules(s, z);
            }
        }
        return sum + e.zoneRetiredProcessJoules(z);
    }

    private static void assertConserved(AttributionEngine e, String ctx) {
        for (int z = 0; z < e.zoneCount(); z++) {
            double node = e.zoneJoules(z);
            double parts = sumProcesses(e, z) + e.zoneUnattributedJoules(z) + e.zoneIdleJoules(z);
            assertEquals(node, parts, Math.max(1e-9 * Math.abs(node), 1e-12), ctx + " zone " + z);
            assertTrue(e.zoneUnattributedJoules(z) >= 0, ctx);
            assertTrue(e.zoneIdleJoules(z) >= 0, ctx);
        }
        for (int s = 0; s < e.slotLimit(); s++) {
            if (e.inUse(s)) {
                for (int z = 0; z < e.zoneCount(); z++) {
                    assertTrue(e.processJoules(s, z) >= 0, ctx + " negative process energy");
                }
            }
        }
    }

    @Test
    void shouldLetTheObservedProcessesShareAllActiveEnergyWhenTheirTicksAreTheDivisor() {
        // the same interval as above, with Kepler's divisor: the sum of the processes' ticks, not the node's busy ticks
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 10, 8, true);
        e.beginInterval();
        int a = e.observe(1, 100, 0);
        int b = e.observe(2, 200, 0);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);

        e.beginInterval();
        e.observe(1, 100, 30);
        e.observe(2, 200, 10);
        e.zoneEnergy(0, 100.0, 20.0);
        e.endInterval(50, Double.NaN);
        assertEquals(80.0 * 30 / 40, e.processJoules(a, 0), 1e-12);
        assertEquals(80.0 * 10 / 40, e.processJoules(b, 0), 1e-12);
        assertEquals(0.0, e.zoneUnattributedJoules(0), 1e-12);
        assertEquals(50, e.busyTicksTotal(), "the node's busy ticks are still counted");

        // an interval in which no process ran: its active energy has nobody to go to
        e.beginInterval();
        e.observe(1, 100, 30);
        e.observe(2, 200, 10);
        e.zoneEnergy(0, 10.0, 4.0);
        e.endInterval(5, Double.NaN);
        assertEquals(6.0, e.zoneUnattributedJoules(0), 1e-12);
        assertConserved(e, "no process ticks");
    }

    @Test
    void shouldSplitActiveEnergyByCpuShareAndKeepTheRestUnattributed() {
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 10, 8);
        e.beginInterval();
        int a = e.observe(1, 100, 0);
        int b = e.observe(2, 200, 0);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);

        e.beginInterval();
        e.observe(1, 100, 30); // 30 ticks
        e.observe(2, 200, 10); // 10 ticks
        e.zoneEnergy(0, 100.0, 20.0); // 100 J, 20 J idle
        e.endInterval(50, Double.NaN); // node busy 50 ticks: 10 ticks nobody visible used
        assertEquals(80.0 * 30 / 50, e.processJoules(a, 0), 1e-12);
        assertEquals(80.0 * 10 / 50, e.processJoules(b, 0), 1e-12);
        assertEquals(80.0 * 10 / 50, e.zoneUnattributedJoules(0), 1e-12);
        assertEquals(20.0, e.zoneIdleJoules(0), 1e-12);
        assertConserved(e, "simple");
    }

    @Test
    void shouldAttributeAllActiveEnergyWhenOneProcessExits() {
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 3, 8);
        e.beginInterval();
        e.observe(1, 100, 0);
        int b = e.observe(2, 200, 0);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);
        e.beginInterval();
        // pid 1 exited between scans: its last ticks are gone; the survivor must not absorb them
        e.observe(2, 200, 40);
        e.zoneEnergy(0, 100.0, 0);
        e.endInterval(100, Double.NaN);
        assertEquals(40.0, e.processJoules(b, 0), 1e-12, "survivor gets only its own share");
        assertEquals(60.0, e.zoneUnattributedJoules(0), 1e-12);
        assertConserved(e, "exit");
    }

    @Test
    void shouldNeverMergeAReusedPidWithTheOldProcess() {
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 10, 8);
        e.beginInterval();
        int old = e.observe(7, 100, 1000);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);
        e.beginInterval();
        e.observe(7, 100, 1050);
        e.zoneEnergy(0, 50, 0);
        e.endInterval(50, Double.NaN);
        assertEquals(50.0, e.processJoules(old, 0), 1e-12);
        e.beginInterval();
        int reused = e.observe(7, 999, 20); // same pid, new start time: a new process born this interval
        assertTrue(reused != old);
        assertTrue(e.exited(old));
        e.zoneEnergy(0, 40, 0);
        e.endInterval(20, Double.NaN);
        assertEquals(50.0, e.processJoules(old, 0), 1e-12, "old totals stay final");
        assertEquals(40.0, e.processJoules(reused, 0), 1e-12, "new process counts all its 20 ticks");
        assertEquals(999, e.startTime(reused));
        assertConserved(e, "reuse");
    }

    @Test
    void shouldSplitGpuEnergyBySuppliedActivityNotCpuTime() {
        AttributionEngine e = new AttributionEngine(2, new boolean[] {true, true}, 10, 8);
        e.beginInterval();
        e.observe(1, 1, 0);
        e.observe(2, 2, 0);
        e.zoneEnergy(0, 0, 0);
        e.zoneEnergy(1, 0, 0);
        e.endInterval(0, Double.NaN);
        e.beginInterval();
        int a = e.observe(1, 1, 10);
        int b = e.observe(2, 2, 90);
        e.zoneEnergy(0, 100, 0);
        e.zoneEnergy(1, 300, 60);
        e.zoneActivity(1, new int[] {1, 2, 55}, new double[] {75, 0, 25}, 3); // pid 55 is invisible
        e.endInterval(100, Double.NaN);
        assertEquals(10.0, e.processJoules(a, 0), 1e-12);
        assertEquals(90.0, e.processJoules(b, 0), 1e-12);
        assertEquals(240 * 0.75, e.processJoules(a, 1), 1e-12);
        assertEquals(0.0, e.processJoules(b, 1), 1e-12);
        assertEquals(240 * 0.25, e.zoneUnattributedJoules(1), 1e-12);
        assertConserved(e, "gpu");
    }

    @Test
    void shouldKeepExitedProcessTotalsForTheRetentionThenRecycleTheSlot() {
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 2, 4);
        e.beginInterval();
        int a = e.observe(1, 1, 0);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);
        e.beginInterval();
        e.observe(1, 1, 10);
        e.zoneEnergy(0, 10, 0);
        e.endInterval(10, Double.NaN);
        for (int i = 0; i < 3; i++) {
            e.beginInterval();
            e.zoneEnergy(0, 0, 0);
            e.endInterval(0, Double.NaN);
            if (i < 2) {
                assertTrue(e.inUse(a) && e.exited(a));
                assertEquals(10.0, e.processJoules(a, 0), 1e-12);
            }
        }
        assertTrue(!e.inUse(a), "slot recycled after retention");
        assertEquals(10.0, e.zoneRetiredProcessJoules(0), 1e-12);
        assertConserved(e, "retention");
    }

    @Test
    void shouldCarryCarbonPerIntervalWithThatIntervalsIntensity() {
        AttributionEngine e = new AttributionEngine(1, new boolean[] {true}, 10, 4);
        e.beginInterval();
        int a = e.observe(1, 1, 0);
        e.zoneEnergy(0, 0, 0);
        e.endInterval(0, Double.NaN);
        e.beginInterval();
        e.observe(1, 1, 10);
        e.zoneEnergy(0, 3.6e6, 0); // 1 kWh at 100 g/kWh
        e.endInterval(10, 100 / 3.6e6);
        e.beginInterval();
        e.observe(1, 1, 20);
        e.zoneEnergy(0, 3.6e6, 0); // 1 kWh at 300 g/kWh
        e.endInterval(10, 300 / 3.6e6);
        assertEquals(400.0, e.zoneCarbonGrams(0), 1e-9);
        assertEquals(400.0, e.processCarbonGrams(a), 1e-9);
    }

    /** Conservation over random processes, churn, pid reuse, unreadable zones and GPU activity. */
    @RepeatedTest(50)
    void shouldConserveEnergyInEveryZoneOverRandomIntervals() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        int zones = 1 + r.nextInt(4);
        boolean[] primary = new boolean[zones];
        for (int z = 0; z < zones; z++) {
            primary[z] = r.nextBoolean();
        }
        AttributionEngine e = new AttributionEngine(zones, primary, 1 + r.nextInt(5), 4);
        Map<Integer, long[]> live = new HashMap<>(); // pid -> {startTime, ticks}
        long start = 1;
        for (int interval = 0; interval < 200; interval++) {
            e.beginInterval();
            int births = r.nextInt(6);
            for (int i = 0; i < births; i++) {
                live.put(1 + r.nextInt(60), new long[] {start++, 0}); // may reuse a live pid
            }
            List<Integer> pids = new ArrayList<>(live.keySet());
            long sum = 0;
            for (int pid : pids) {
                if (r.nextInt(10) == 0) {
                    live.remove(pid); // exits (its last ticks are never seen)
                    continue;
                }
                long[] st = live.get(pid);
                long d = r.nextInt(4) == 0 ? 0 : r.nextInt(200);
                st[1] += d;
                sum += d;
                if (r.nextInt(20) != 0) { // sometimes unreadable this interval
                    e.observe(pid, st[0], st[1]);
                }
            }
            for (int z = 0; z < zones; z++) {
                double j = r.nextInt(15) == 0 ? Double.NaN : r.nextDouble() * 500;
                e.zoneEnergy(z, j, r.nextDouble() * 300);
                if (r.nextInt(4) == 0) {
                    int n = r.nextInt(5);
                    int[] ap = new int[n];
                    double[] aw = new double[n];
                    for (int i = 0; i < n; i++) {
                        ap[i] = 1 + r.nextInt(70);
                        aw[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 100;
                    }
                    e.zoneActivity(z, ap, aw, n);
                }
            }
            long busy = r.nextBoolean() ? sum + r.nextInt(100) : Math.max(0, sum - r.nextInt(100));
            e.endInterval(busy, r.nextDouble());
            assertConserved(e, "seed " + seed + " interval " + interval);
        }
    }
}
