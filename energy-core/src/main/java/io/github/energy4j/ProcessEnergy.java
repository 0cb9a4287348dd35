package io.github.energy4j;

import io.github.energy4j.spi.Workload;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cumulative energy attributed to one process since it was first seen.
 *
 * <p>Immutable: the constructor copies {@code zoneJoules} and {@link #zoneJoules()} returns a copy, so
 * {@code equals}, {@code hashCode} and {@code toString} compare and show the zone values.
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

    /** Copies {@code zoneJoules}; later changes to the caller's array do not reach this record. */
    public ProcessEnergy {
        zoneJoules = zoneJoules.clone();
    }

    /**
     * Joules per zone, in the order of {@link EnergySnapshot#zones()}.
     *
     * @return a new copy on each call (changing it does not change this record); use {@link #zoneJoules(int)}
     *         to read one zone without copying
     */
    @Override
    public double[] zoneJoules() {
        return zoneJoules.clone();
    }

    /**
     * Joules of one zone, without copying.
     *
     * @param zone index into {@link EnergySnapshot#zones()}
     * @return the zone's joules
     * @throws IndexOutOfBoundsException when {@code zone} is not below {@link #zoneJoules()}'s length
     */
    public double zoneJoules(int zone) {
        return zoneJoules[zone];
    }

    /** Energy since {@code earlier} (same process). */
    public ProcessEnergy minus(ProcessEnergy earlier) {
        double[] z = zoneJoules.clone();
        for (int i = 0; i < z.length && i < earlier.zoneJoules.length; i++) {
            z[i] -= earlier.zoneJoules[i];
        }
        return new ProcessEnergy(pid, startTime, comm, workload, joules - earlier.joules, z,
                cpuSeconds - earlier.cpuSeconds, carbonGrams - earlier.carbonGrams, exited);
    }

    /** Component-wise, with the zone values compared by {@link Arrays#equals(double[], double[])}. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ProcessEnergy p && pid == p.pid && startTime == p.startTime
                && Objects.equals(comm, p.comm) && Objects.equals(workload, p.workload)
                && Double.compare(joules, p.joules) == 0 && Arrays.equals(zoneJoules, p.zoneJoules)
                && Double.compare(cpuSeconds, p.cpuSeconds) == 0 && Double.compare(carbonGrams, p.carbonGrams) == 0
                && exited == p.exited;
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(pid);
        h = 31 * h + Long.hashCode(startTime);
        h = 31 * h + Objects.hashCode(comm);
        h = 31 * h + Objects.hashCode(workload);
        h = 31 * h + Double.hashCode(joules);
        h = 31 * h + Arrays.hashCode(zoneJoules);
        h = 31 * h + Double.hashCode(cpuSeconds);
        h = 31 * h + Double.hashCode(carbonGrams);
        return 31 * h + Boolean.hashCode(exited);
    }

    /** The record's usual form, with the zone values written out. */
    @Override
    public String toString() {
        return "ProcessEnergy[pid=" + pid + ", startTime=" + startTime + ", comm=" + comm + ", workload=" + workload
                + ", joules=" + joules + ", zoneJoules=" + Arrays.toString(zoneJoules) + ", cpuSeconds=" + cpuSeconds
                + ", carbonGrams=" + carbonGrams + ", exited=" + exited + "]";
    }
}
