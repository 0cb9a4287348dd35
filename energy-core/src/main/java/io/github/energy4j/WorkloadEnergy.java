package io.github.energy4j;

import io.github.energy4j.spi.Workload;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cumulative energy of one workload (container) since the meter started.
 *
 * <p>Immutable: the constructor copies {@code zoneJoules} and {@link #zoneJoules()} returns a copy, so
 * {@code equals}, {@code hashCode} and {@code toString} compare and show the zone values.
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

    /** Copies {@code zoneJoules}; later changes to the caller's array do not reach this record. */
    public WorkloadEnergy {
        zoneJoules = zoneJoules.clone();
    }

    /** A running workload's energy. */
    public WorkloadEnergy(Workload workload, double joules, double[] zoneJoules, double carbonGrams) {
        this(workload, joules, zoneJoules, carbonGrams, true);
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

    /** Energy since {@code earlier} (same workload); {@code running} is this one's. */
    public WorkloadEnergy minus(WorkloadEnergy earlier) {
        double[] z = zoneJoules.clone();
        for (int i = 0; i < z.length && i < earlier.zoneJoules.length; i++) {
            z[i] -= earlier.zoneJoules[i];
        }
        return new WorkloadEnergy(workload, joules - earlier.joules, z, carbonGrams - earlier.carbonGrams, running);
    }

    /** Component-wise, with the zone values compared by {@link Arrays#equals(double[], double[])}. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof WorkloadEnergy w && Objects.equals(workload, w.workload)
                && Double.compare(joules, w.joules) == 0 && Arrays.equals(zoneJoules, w.zoneJoules)
                && Double.compare(carbonGrams, w.carbonGrams) == 0 && running == w.running;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(workload);
        h = 31 * h + Double.hashCode(joules);
        h = 31 * h + Arrays.hashCode(zoneJoules);
        h = 31 * h + Double.hashCode(carbonGrams);
        return 31 * h + Boolean.hashCode(running);
    }

    /** The record's usual form, with the zone values written out. */
    @Override
    public String toString() {
        return "WorkloadEnergy[workload=" + workload + ", joules=" + joules + ", zoneJoules="
                + Arrays.toString(zoneJoules) + ", carbonGrams=" + carbonGrams + ", running=" + running + "]";
    }
}
