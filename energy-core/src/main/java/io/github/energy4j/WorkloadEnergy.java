package io.github.energy4j;

import io.github.energy4j.spi.Workload;

/**
 * Cumulative energy of one workload (container) since the meter started.
 *
 * @param workload    identity and labels
 * @param joules      sum over the primary zones
 * @param zoneJoules  per zone, in the order of {@link EnergySnapshot#zones()}
 * @param carbonGrams CO2e, NaN without a grid intensity
 * @param running     whether the workload was seen in the last interval (false: it ended, and its totals are kept
 *                    for the retention time)
 */
public record WorkloadEnergy(Workload workload, double joules, double[] zoneJoules, double carbonGrams,
                             boolean running) {

    /** A running workload's energy. */
    public WorkloadEnergy(Workload workload, double joules, double[] zoneJoules, double carbonGrams) {
        this(workload, joules, zoneJoules, carbonGrams, true);
    }

    public WorkloadEnergy minus(WorkloadEnergy earlier) {
        double[] z = zoneJoules.clone();
        for (int i = 0; i < z.length && i < earlier.zoneJoules.length; i++) {
            z[i] -= earlier.zoneJoules[i];
        }
        return new WorkloadEnergy(workload, joules - earlier.joules, z, carbonGrams - earlier.carbonGrams, running);
    }
}
