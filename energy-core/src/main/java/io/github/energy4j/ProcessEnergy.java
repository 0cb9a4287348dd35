package io.github.energy4j;

import io.github.energy4j.spi.Workload;

/**
 * Cumulative energy attributed to one process since it was first seen.
 *
 * @param pid         process id
 * @param startTime   start time in clock ticks since boot; with {@code pid} the process identity
 * @param comm        command name from {@code /proc/[pid]/stat}
 * @param workload    its container/pod, or {@link Workload#HOST}
 * @param joules      sum over the primary zones
 * @param zoneJoules  per zone, in the order of {@link EnergySnapshot#zones()}
 * @param cpuSeconds  CPU time used while observed
 * @param carbonGrams CO2e of {@code joules}, NaN without a grid intensity
 * @param exited      true when the process has exited (totals are final)
 */
public record ProcessEnergy(int pid, long startTime, String comm, Workload workload, double joules,
                            double[] zoneJoules, double cpuSeconds, double carbonGrams, boolean exited) {

    /** Energy since {@code earlier} (same process). */
    public ProcessEnergy minus(ProcessEnergy earlier) {
        double[] z = zoneJoules.clone();
        for (int i = 0; i < z.length && i < earlier.zoneJoules.length; i++) {
            z[i] -= earlier.zoneJoules[i];
        }
        return new ProcessEnergy(pid, startTime, comm, workload, joules - earlier.joules, z,
                cpuSeconds - earlier.cpuSeconds, carbonGrams - earlier.carbonGrams, exited);
    }
}
