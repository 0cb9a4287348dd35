package io.github.energy4j.jmh.internal;

/**
 * The unit of the joules-per-operation result. JMH's text output shows values under 0.0005 as a power of ten
 * ({@code ≈ 10⁻⁸}), so benchmarks of micro- and nanoseconds read better in {@code uJ} or {@code nJ}.
 */
public enum EnergyUnit {
    J(1), mJ(1e3), uJ(1e6), nJ(1e9);

    private final double perJoule;

    EnergyUnit(double perJoule) {
        this.perJoule = perJoule;
    }

    /** {@code joules} in this unit. */
    public double of(double joules) {
        return joules * perJoule;
    }

    /**
     * Parses {@code J}, {@code mJ}, {@code uJ} ({@code µJ}) or {@code nJ}; case-insensitive except for {@code mJ},
     * so that it is never read as megajoules.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static EnergyUnit parse(String text) {
        String t = text.trim().replace('\u00b5', 'u');
        for (EnergyUnit u : values()) {
            if (u.name().equals(t) || u != mJ && u.name().equalsIgnoreCase(t)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown energy unit '" + text + "'; use one of J, mJ, uJ, nJ");
    }

    /** The unit of the per-operation result, e.g. {@code nJ/op}. */
    public String perOp() {
        return name() + "/op";
    }
}
