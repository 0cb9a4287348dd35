package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import org.junit.jupiter.api.Test;

class ZoneCounterTest {

    private static final long S = 1_000_000_000L;
    // a RAPL package: 262143328850 uJ range (max_energy_range_uj + 1), 150 W
    private static final long RANGE = 262_143_328_851L;
    private final Zone rapl = Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, RANGE, 150, "test");

    @Test
    void shouldReturnExactMicrojouleDeltas() {
        ZoneCounter c = new ZoneCounter(rapl);
        assertEquals(0, c.update(1_000_000, 0));
        assertEquals(12.345678, c.update(13_345_678, S), 1e-12);
        assertEquals(12.345678, c.lastWatts(), 1e-9);
    }

    @Test
    void shouldUnwrapACounterThatWrappedOnce() {
        ZoneCounter c = new ZoneCounter(rapl);
        c.update(RANGE - 40_000_000, 0);
        // wrapped: 40 J before the top plus 10 J after zero, in one second at 50 W
        assertEquals(50.0, c.update(10_000_000, S), 1e-9);
        assertEquals(1, c.wraps());
        assertEquals(0, c.resets());
    }

    @Test
    void shouldTreatABackwardJumpThatCannotBeAWrapAsAResetAndNeverGoNegative() {
        ZoneCounter c = new ZoneCounter(rapl);
        c.update(100_000_000_000L, 0);
        // backwards by 50 kJ: unwrapping would mean ~162 kJ in one second at 150 W max -> reset
        assertEquals(0.0, c.update(50_000_000_000L, S));
        assertEquals(1, c.resets());
        assertEquals(5.0, c.update(50_005_000_000L, 2 * S), 1e-9);
    }

    @Test
    void shouldRejectAnImpossibleForwardJumpOf2To32Units() {
        Zone z = new Zone("package-0", 0, Zone.Domain.PACKAGE, Zone.Kind.ENERGY_COUNTER, 1.0 / 65536, 1L << 32, 150,
                Double.NaN, false, "msr");
        ZoneCounter c = new ZoneCounter(z);
        c.update(1000, 0);
        assertEquals(0.0, c.update(1000 + (1L << 31), S), "2^31 units = 32 kJ in 1 s is impossible at 150 W");
        assertEquals(1, c.resets());
        assertEquals(65536.0 / 65536, c.update(1000 + (1L << 31) + 65536, 2 * S), 1e-12);
    }

    @Test
    void shouldCarryEnergyAcrossAnUnavailableReading() {
        ZoneCounter c = new ZoneCounter(rapl);
        c.update(0, 0);
        assertTrue(Double.isNaN(c.update(PowerSource.UNAVAILABLE, S)));
        assertEquals(20.0, c.update(20_000_000, 2 * S), 1e-9, "the gap's energy is not lost");
        assertEquals(1, c.unavailableReadings());
    }

    @Test
    void shouldIntegrateAPowerGaugeWithTheTrapezoidRule() {
        Zone g = Zone.microwattGauge("gpu-0", 0, Zone.Domain.GPU, 300, "test");
        ZoneCounter c = new ZoneCounter(g);
        assertEquals(0, c.update(100_000_000, 0)); // 100 W
        assertEquals(150.0, c.update(200_000_000, S), 1e-9); // ramps to 200 W over 1 s
        assertTrue(Double.isNaN(c.update(PowerSource.UNAVAILABLE, 2 * S)));
        assertEquals(400.0, c.update(200_000_000, 3 * S), 1e-9, "gap bridged at 200 W for 2 s");
        assertEquals(0.0, c.update(-5, 4 * S) - 100.0, 1e-9, "negative power clamps to 0 W: (200+0)/2 * 1 s");
    }

    @Test
    void shouldBoundTheIntervalSoACounterCannotWrapTwice() {
        Zone msr = new Zone("package-0", 0, Zone.Domain.PACKAGE, Zone.Kind.ENERGY_COUNTER, 1.0 / 16384, 1L << 32, 200,
                Double.NaN, false, "msr");
        // 2^32 / 16384 J = 262144 J; at 200 W it wraps every 1310.72 s; half of that is safe
        assertEquals(655.36, ZoneCounter.maxSafeIntervalSeconds(msr), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ZoneCounter.maxSafeIntervalSeconds(
                Zone.microjouleCounter("gpu-0", 0, Zone.Domain.GPU, 0, 300, "nvml")));
    }
}
