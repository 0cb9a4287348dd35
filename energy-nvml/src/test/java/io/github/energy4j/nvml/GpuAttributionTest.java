package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GpuAttributionTest {

    @Test
    void shouldSplitActiveEnergyBySmWeightsAfterConfiguredIdle() {
        GpuAttribution a = GpuAttribution.configuredIdle(50);
        double[] shares = new double[2];
        // 2 s at 200 W average = 400 J; idle 50 W x 2 s = 100 J; 300 J active split 3:1.
        double idle = a.split(400, 2, 2, new double[] {60, 20}, shares);
        assertEquals(100, idle, 1e-9);
        assertEquals(225, shares[0], 1e-9);
        assertEquals(75, shares[1], 1e-9);
    }

    @Test
    void shouldCountWholeIntervalAsIdleWhenNoProcessHasWeight() {
        GpuAttribution a = GpuAttribution.configuredIdle(50);
        double[] shares = {7, 7};
        assertEquals(300, a.split(300, 2, 2, new double[] {0, 0}, shares), 1e-9);
        assertEquals(0, shares[0]);
        assertEquals(0, shares[1]);
    }

    @Test
    void shouldCapIdleAtTheIntervalEnergy() {
        GpuAttribution a = GpuAttribution.configuredIdle(100);
        double[] shares = new double[1];
        assertEquals(80, a.split(80, 1, 1, new double[] {50}, shares), 1e-9);
        assertEquals(0, shares[0], 1e-9);
    }

    @Test
    void shouldLearnIdleAsMinimumPowerSeenWithoutComputeProcesses() {
        GpuAttribution a = GpuAttribution.observedIdle();
        assertTrue(Double.isNaN(a.idleWatts()));
        a.observe(600, 2, 1); // busy: ignored
        assertTrue(Double.isNaN(a.idleWatts()));
        a.observe(140, 2, 0); // 70 W
        a.observe(120, 2, 0); // 60 W
        a.observe(200, 2, 0); // 100 W, not lower
        assertEquals(60, a.idleWatts(), 1e-9);
        double[] shares = new double[1];
        assertEquals(60, a.split(300, 1, 1, new double[] {10}, shares), 1e-9);
        assertEquals(240, shares[0], 1e-9);
    }

    @Test
    void shouldTreatAllEnergyAsActiveBeforeAnyIdleIntervalWasSeen() {
        GpuAttribution a = GpuAttribution.observedIdle();
        double[] shares = new double[2];
        assertEquals(0, a.split(100, 1, 2, new double[] {1, 1}, shares), 1e-9);
        assertEquals(50, shares[0], 1e-9);
    }

    @Test
    void shouldConserveEnergyForRandomIntervals() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 2000; round++) {
            GpuAttribution a = GpuAttribution.configuredIdle(r.nextDouble(0, 120));
            int n = r.nextInt(1, 9);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.nextInt(4) == 0 ? 0 : r.nextDouble(0, 100);
            }
            double joules = r.nextDouble(0, 2000);
            double[] shares = new double[n];
            double sum = a.split(joules, r.nextDouble(0.1, 5), n, w, shares);
            for (int i = 0; i < n; i++) {
                assertTrue(shares[i] >= 0);
                sum += shares[i];
            }
            assertEquals(joules, sum, 1e-9 * Math.max(1, joules));
        }
    }

    @Test
    void shouldRejectNegativeConfiguredIdle() {
        assertThrows(IllegalArgumentException.class, () -> GpuAttribution.configuredIdle(-1));
    }
}
