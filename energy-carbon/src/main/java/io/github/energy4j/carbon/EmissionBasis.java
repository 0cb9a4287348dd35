package io.github.energy4j.carbon;

import java.util.Locale;

/** Whether an intensity describes the average generation mix or the marginal (next-unit) generator. */
public enum EmissionBasis {
    /** Average emissions of all generation in the zone: the figure for accounting (location-based scope 2). */
    AVERAGE,
    /** Emissions of the generator that responds to extra load: the figure for shifting decisions. */
    MARGINAL;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
