package io.github.energy4j.carbon;

import java.util.Objects;

/**
 * One intensity answer: grams CO2e per kWh and where it comes from.
 *
 * @param gramsPerKwh grams CO2e per kWh, or NaN when unknown
 * @param pue         power usage effectiveness that goes with it (1.0 when not applicable)
 * @param provenance  where the figure comes from
 */
public record IntensityReading(double gramsPerKwh, double pue, IntensityProvenance provenance) {

    public IntensityReading {
        Objects.requireNonNull(provenance, "provenance");
    }

    /** True when {@link #gramsPerKwh()} is a number. */
    public boolean known() {
        return !Double.isNaN(gramsPerKwh);
    }
}
