package io.github.energy4j;

import io.github.energy4j.spi.Workload;

/**
 * Cumulative energy of one workload (container) since the meter started. Immutable.
 *
 * @param workload    identity and labels
 * @param joules      sum over the primary zones
 * @param zoneJoules  per zone, in the order of {@link EnergySnapshot#zones()}
 * @param carbonGrams CO2e, NaN without a grid intensity
 * @param running     whether the workload was seen in the last interval (false: it ended, and its totals are kept
 *                    for the retention time)
 */
public record WorkloadEnergy(Workload workload, double joules, ZoneJoules zoneJoules, double carbonGrams,
                             boolean running) {

    /** Energy since {@code earlier} (same workload); {@code running} is this one's. */
    public WorkloadEnergy minus(WorkloadEnergy earlier) {
        return new WorkloadEnergy(workload, joules - earlier.joules, zoneJoules.minus(earlier.zoneJoules),
                carbonGrams - earlier.carbonGrams, running);
    }
}
