package io.github.energy4j;

import java.util.Arrays;

/**
 * Joules per zone of one process or workload, in the order of {@link EnergySnapshot#zones()}. Immutable: built
 * from a copy, read one zone at a time without copying, compared and printed by value.
 */
public final class ZoneJoules {

    private static final ZoneJoules NONE = new ZoneJoules(new double[0]);

    private final double[] joules;

    private ZoneJoules(double[] joules) {
        this.joules = joules;
    }

    /** The given joules per zone (copied: later changes to the caller's array do not reach the result). */
    public static ZoneJoules of(double... joules) {
        return joules.length == 0 ? NONE : new ZoneJoules(joules.clone());
    }

    /** Number of zones. */
    public int size() {
        return joules.length;
    }

    /**
     * Joules of one zone.
     *
     * @param zone index into {@link EnergySnapshot#zones()}
     * @throws IndexOutOfBoundsException when {@code zone} is not below {@link #size()}
     */
    public double get(int zone) {
        return joules[zone];
    }

    /** A new array of the joules per zone. */
    public double[] toArray() {
        return joules.clone();
    }

    /** Zone by zone, this minus {@code earlier}; zones {@code earlier} does not have count from zero. */
    public ZoneJoules minus(ZoneJoules earlier) {
        double[] d = joules.clone();
        for (int i = 0; i < d.length && i < earlier.joules.length; i++) {
            d[i] -= earlier.joules[i];
        }
        return new ZoneJoules(d);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ZoneJoules z && Arrays.equals(joules, z.joules);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(joules);
    }

    /** The values as {@link Arrays#toString(double[])} writes them. */
    @Override
    public String toString() {
        return Arrays.toString(joules);
    }
}
