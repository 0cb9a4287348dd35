package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.IdlePolicy;
import io.github.energy4j.spi.Zone;
import org.junit.jupiter.api.Test;

class IdleEstimatorTest {

    private static final Zone PKG = Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, 1L << 32, 200, "");
    // a GPU that declares 30 W idle and reports which processes run on it
    private static final Zone GPU = new Zone("gpu0", 0, Zone.Domain.GPU, Zone.Kind.ENERGY_COUNTER, 1e-3, 0, 300, 30,
            false, "GPU-1");
    private static final Zone[] ZONES = {PKG, GPU};
    private static final boolean[] ACTIVITY = {false, true};

    private static IdleEstimator of(IdlePolicy p) {
        return new IdleEstimator(p, ZONES, ACTIVITY);
    }

    @Test
    void shouldLearnTheLowestPowerOnlyFromLaterIntervalsAndOnlyWhenAllowed() {
        IdleEstimator e = of(IdlePolicy.minObserved());
        assertEquals(0, e.idleJoules(0, 50, 1, 50, 0.5, true), 0, "nothing observed before the first interval");
        assertEquals(40, e.idleJoules(0, 40, 1, 40, 0.5, true), 0, "50 W learnt; capped at this interval's 40 J");
        assertEquals(80, e.idleJoules(0, 120, 2, 60, 0.5, true), 0, "40 W x 2 s");
        assertEquals(20, e.idleJoules(0, 20, 1, 20, 0.5, false), 0, "capped at the energy; 20 W not learnt");
        assertEquals(40, e.idleJoules(0, 90, 1, 90, 0.5, true), 0, "still 40 W");
    }

    @Test
    void shouldSplitByTheUsageRatioOnCpuZonesAndUseTheDeclaredIdleOnActivityZones() {
        IdleEstimator e = of(IdlePolicy.usageRatio());
        assertEquals(75, e.idleJoules(0, 100, 1, 100, 0.25, true), 1e-12, "idle = energy x (1 - usage)");
        assertEquals(60, e.idleJoules(1, 500, 2, 250, 0.25, true), 1e-12, "the GPU's declared 30 W x 2 s");
    }

    @Test
    void shouldApplyFixedNoneAndAutoAndNeverExceedTheEnergy() {
        assertEquals(10, of(IdlePolicy.fixedWatts(5)).idleJoules(0, 100, 2, 50, 0.5, true), 0);
        assertEquals(3, of(IdlePolicy.fixedWatts(5)).idleJoules(0, 3, 2, 1.5, 0.5, true), 0, "capped at the energy");
        assertEquals(0, of(IdlePolicy.none()).idleJoules(0, 100, 2, 50, 0.5, true), 0);
        assertEquals(30, of(IdlePolicy.auto()).idleJoules(1, 100, 1, 100, 0.5, true), 0, "declared idle power");
        assertEquals(0, of(IdlePolicy.fixedWatts(5)).idleJoules(0, 100, 0, Double.NaN, 0.5, true), 0,
                "no interval yet");
    }

    @Test
    void shouldParseEachPolicyToAnEqualValueAndPrintItBack() {
        for (String text : new String[] {"none", "min-observed", "auto", "usage-ratio"}) {
            assertEquals(text, IdlePolicy.parse(text).toString());
            assertEquals(IdlePolicy.parse(text), IdlePolicy.parse(" " + text.toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals(IdlePolicy.fixedWatts(12.5), IdlePolicy.parse("12.5"));
        assertEquals("12.5 W", IdlePolicy.parse("12.5").toString());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IdlePolicy.parse("-1"));
        assertEquals("idle watts must be a finite number >= 0, was -1.0", e.getMessage());
    }
}
