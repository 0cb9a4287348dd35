package io.github.energy4j;

import io.github.energy4j.spi.Workload;

/**
 * Cumulative energy of one workload (container) since the meter started.
 *
 * @param workload    identity and labels
 * @param joules      sum over the primary zones
 * @param zoneJoules  per zone, in the order of {@link EnergySnapshot#zones()}
 * @param carbonGrams CO2e, NaN without a grid intensity
 */
public record WorkloadEnergy(Workload workload, double joules, double[] zoneJoules, double carbonGrams) {

    public WorkloadEnergy minus(WorkloadEnergy earlier) {
        double[] z = zoneJoules.clone();
        for (int i = 0; i < z.length && i < earlier.zoneJoules.length; i++) {
            z[i] -= earlier.zoneJoules[i];
        }
        return new WorkloadEnergy(workload, joules - earlier.joules, z, carbonGrams - earlier.carbonGrams);
    }
}
