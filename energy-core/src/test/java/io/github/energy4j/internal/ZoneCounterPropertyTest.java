package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Counter arithmetic over random inputs (seeded, so a failure reproduces): a wrapping counter read at
 * random instants, with random gaps of unreadable samples, sums to exactly the energy that went
 * through it; random backward jumps only ever lose the jump; and no input at all, garbage included,
 * yields negative or non-finite energy.
 */
class ZoneCounterPropertyTest {

    private static final long S = 1_000_000_000L;
    private static final int RUNS = 300;

    private static Zone counter(long modulus, double joulesPerUnit, double maxWatts) {
        return new Zone("z", 0, Zone.Domain.PACKAGE, Zone.Kind.ENERGY_COUNTER, joulesPerUnit, modulus, maxWatts,
                Double.NaN, false, "test");
    }

    @Test
    void shouldSumExactlyTheEnergyThatWentThroughAWrappingCounterWithGaps() {
        Random rnd = new Random(0x5eed_0001L);
        for (int run = 0; run < RUNS; run++) {
            long modulus = 1L << (16 + rnd.nextInt(32)); // 2^16 .. 2^47 units
            double jpu = rnd.nextBoolean() ? 1e-6 : 1.0 / (1 << rnd.nextInt(17));
            double maxWatts = 10 + rnd.nextInt(500);
            ZoneCounter c = new ZoneCounter(counter(modulus, jpu, maxWatts));
            // per-step energy stays below both the plausibility bound and half the range, even across a
            // gap of up to 3 unreadable samples, so every good reading sees at most one wrap
            long perStepMax = Math.max(1, Math.min((long) (maxWatts / jpu), modulus / 8));
            long raw = Math.floorMod(rnd.nextLong(), modulus);
            long now = 0;
            c.update(raw, now);
            long trueUnits = 0;
            double counted = 0;
            long pendingUnits = 0;
            int gap = 0;
            for (int step = 0; step < 200; step++) {
                long units = (long) (rnd.nextDouble() * perStepMax);
                now += S;
                raw = (raw + units) % modulus;
                trueUnits += units;
                pendingUnits += units;
                boolean unreadable = gap < 3 && rnd.nextInt(5) == 0;
                double j = c.update(unreadable ? PowerSource.UNAVAILABLE : raw, now);
                if (unreadable) {
                    gap++;
                    assertTrue(Double.isNaN(j));
                    continue;
                }
                gap = 0;
                assertEquals(pendingUnits * jpu, j, 1e-9 * Math.max(1, j), "run " + run + " step " + step);
                pendingUnits = 0;
                counted += j;
            }
            if (pendingUnits == 0) {
                assertEquals(trueUnits * jpu, counted, 1e-9 * Math.max(1, counted), "run " + run);
            }
            assertEquals(0, c.resets(), "run " + run);
        }
    }

    @Test
    void shouldLoseOnlyTheJumpWhenTheCounterResetsAtRandom() {
        Random rnd = new Random(0x5eed_0002L);
        for (int run = 0; run < RUNS; run++) {
            long modulus = 262_143_328_851L;
            ZoneCounter c = new ZoneCounter(Zone.microjouleCounter("z", 0, Zone.Domain.PACKAGE, modulus, 200, "t"));
            long raw = modulus / 2 + rnd.nextInt(1_000_000);
            long now = 0;
            c.update(raw, now);
            double expected = 0;
            double counted = 0;
            int resets = 0;
            for (int step = 0; step < 100; step++) {
                now += S;
                if (rnd.nextInt(10) == 0 && raw > 100_000_000_000L) {
                    raw = rnd.nextInt(1_000_000); // far below: a reset, not a wrap (would be > 200 W)
                    resets++;
                } else {
                    long units = rnd.nextInt(100_000_000); // < 100 J in 1 s
                    raw += units;
                    expected += units * 1e-6;
                }
                double j = c.update(raw, now);
                assertTrue(j >= 0);
                counted += j;
            }
            assertEquals(resets, c.resets(), "run " + run);
            assertEquals(expected, counted, 1e-6 * Math.max(1, expected), "run " + run);
        }
    }

    @Test
    void shouldNeverYieldNegativeOrInfiniteEnergyWhateverTheReadings() {
        Random rnd = new Random(0x5eed_0003L);
        long[] specials = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1L << 32, (1L << 32) - 1, 1L << 62};
        for (int run = 0; run < RUNS; run++) {
            boolean gauge = rnd.nextInt(3) == 0;
            double maxWatts = rnd.nextBoolean() ? Double.NaN : 1 + rnd.nextInt(1000);
            long modulus = rnd.nextBoolean() ? 0 : 1L << (8 + rnd.nextInt(55));
            Zone z = gauge ? Zone.microwattGauge("g", 0, Zone.Domain.PLATFORM, maxWatts, "t")
                    : counter(modulus, rnd.nextBoolean() ? 1e-6 : 1e-3, maxWatts);
            ZoneCounter c = new ZoneCounter(z);
            long now = rnd.nextLong() >>> 2;
            for (int step = 0; step < 100; step++) {
                now += rnd.nextInt(3) == 0 ? 0 : (long) (rnd.nextDouble() * 10 * S);
                int pick = rnd.nextInt(4);
                long raw = pick == 0 ? specials[rnd.nextInt(specials.length)]
                        : pick == 1 ? PowerSource.UNAVAILABLE : pick == 2 ? rnd.nextLong() : rnd.nextInt(1 << 30);
                double j = c.update(raw, now);
                if (raw == PowerSource.UNAVAILABLE || (!gauge && raw < 0)) {
                    assertTrue(Double.isNaN(j), "unavailable, or a negative counter value: not a reading");
                } else {
                    assertTrue(j >= 0 && Double.isFinite(j), "run " + run + " step " + step + ": " + j + " J from " + raw);
                }
            }
        }
    }

    @Test
    void shouldNeverCreditMoreThanThePlausibleMaximumWhenTheMaximumIsKnown() {
        Random rnd = new Random(0x5eed_0004L);
        for (int run = 0; run < RUNS; run++) {
            double maxWatts = 1 + rnd.nextInt(1000);
            boolean gauge = rnd.nextBoolean();
            Zone z = gauge ? Zone.microwattGauge("g", 0, Zone.Domain.PLATFORM, maxWatts, "t")
                    : Zone.microjouleCounter("c", 0, Zone.Domain.PACKAGE, 1L << 40, maxWatts, "t");
            ZoneCounter c = new ZoneCounter(z);
            long now = 0;
            for (int step = 0; step < 100; step++) {
                long dt = 1 + (long) (rnd.nextDouble() * 5 * S);
                now += dt;
                long raw = rnd.nextInt(4) == 0 ? rnd.nextLong() & Long.MAX_VALUE : Math.abs(rnd.nextInt());
                double j = c.update(raw, now);
                double bound = maxWatts * ZoneCounter.PLAUSIBILITY_FACTOR * (dt * 1e-9 + 1.0);
                assertTrue(j <= bound + 1e-9, "run " + run + ": " + j + " J in " + dt * 1e-9 + " s at most " + maxWatts + " W");
            }
        }
    }

    @Test
    void shouldUnwrapExactlyAtTheSafeIntervalAndFullPower() {
        Random rnd = new Random(0x5eed_0005L);
        for (int run = 0; run < RUNS; run++) {
            long modulus = 1L << (20 + rnd.nextInt(20));
            double maxWatts = 5 + rnd.nextInt(400);
            Zone z = counter(modulus, 1e-6, maxWatts);
            double safe = ZoneCounter.maxSafeIntervalSeconds(z);
            ZoneCounter c = new ZoneCounter(z);
            long raw = Math.floorMod(rnd.nextLong(), modulus);
            c.update(raw, 0);
            // one missed sample at the safe interval: two intervals' energy, still less than one range
            long units = (long) (maxWatts * 2 * safe / 1e-6) - 1;
            double j = c.update((raw + units) % modulus, (long) (2 * safe * S));
            assertEquals(units * 1e-6, j, 1e-9 * Math.max(1, j), "run " + run);
        }
    }
}
