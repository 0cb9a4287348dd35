package io.github.energy4j.internal;

import io.github.energy4j.IdlePolicy;
import io.github.energy4j.spi.Zone;
import java.util.Arrays;

/**
 * The idle share of each zone's interval energy under one {@link IdlePolicy}: none, fixed watts, the zone's
 * declared idle power, the lowest power observed so far (learnt only from intervals that may teach it), or
 * Kepler's usage ratio (idle = energy × (1 − node CPU usage)) on zones split by CPU time. Never more than the
 * interval's energy. Allocation-free; tick thread only.
 */
final class IdleEstimator {

    private final IdlePolicy policy;
    private final Zone[] zones;
    private final boolean[] activityZone;
    private final double[] minWatts;

    /** @param activityZone per zone: whether its source reports per-process activity (a GPU) */
    IdleEstimator(IdlePolicy policy, Zone[] zones, boolean[] activityZone) {
        this.policy = policy;
        this.zones = zones;
        this.activityZone = activityZone;
        this.minWatts = new double[zones.length];
        Arrays.fill(minWatts, Double.NaN);
    }

    /**
     * Idle joules of zone {@code z} in an interval of {@code seconds} in which it used {@code joules}
     * ({@code watts} = joules / seconds).
     *
     * @param usageRatio node CPU busy over all ticks in the interval (the usage-ratio rule)
     * @param mayLearn   whether this interval may lower the zone's min-observed idle power
     */
    double idleJoules(int z, double joules, double seconds, double watts, double usageRatio, boolean mayLearn) {
        if (seconds <= 0) {
            return 0;
        }
        IdlePolicy p = policy;
        if (p instanceof IdlePolicy.UsageRatio && !activityZone[z]) {
            // Kepler: active = energy x usage ratio, idle = the rest (zones split by CPU time only)
            return joules * (1.0 - usageRatio);
        }
        double idleW;
        if (p instanceof IdlePolicy.None) {
            idleW = 0;
        } else if (p instanceof IdlePolicy.FixedWatts) {
            idleW = ((IdlePolicy.FixedWatts) p).watts();
        } else if ((p instanceof IdlePolicy.Auto || p instanceof IdlePolicy.UsageRatio)
                && !Double.isNaN(zones[z].idleWatts())) {
            // usage-ratio on an activity zone (a GPU) is auto there, as Kepler's configured GPU idle power
            idleW = zones[z].idleWatts();
        } else {
            // lowest power of earlier intervals; the current one only counts from the next interval on
            idleW = Double.isNaN(minWatts[z]) ? 0 : minWatts[z];
            if (!Double.isNaN(watts) && mayLearn && (Double.isNaN(minWatts[z]) || watts < minWatts[z])) {
                minWatts[z] = watts;
            }
        }
        return Math.min(joules, idleW * seconds);
    }
}
