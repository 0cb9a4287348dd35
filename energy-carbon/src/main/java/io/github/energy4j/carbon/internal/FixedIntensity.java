package io.github.energy4j.carbon.internal;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import java.util.Objects;

/**
 * A constant intensity, for a contract figure, a test or a user-supplied value. Thread-safe, allocation-free.
 *
 * <p>Not exported: applications and providers create it with
 * {@link CarbonIntensities#fixed(double, double, IntensityProvenance)}.
 */
public final class FixedIntensity implements IntensitySource {

    private final double gramsPerKwh;
    private final double pue;
    private final IntensityReading reading;

    /**
     * @param gramsPerKwh grams CO2e per kWh, {@code >= 0}
     * @param pue         power usage effectiveness, {@code >= 1}
     * @param provenance  where the value comes from
     */
    public FixedIntensity(double gramsPerKwh, double pue, IntensityProvenance provenance) {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("gramsPerKwh must be a finite number >= 0, was " + gramsPerKwh);
        }
        checkPue(pue);
        this.gramsPerKwh = gramsPerKwh;
        this.pue = pue;
        this.reading = new IntensityReading(gramsPerKwh, pue, Objects.requireNonNull(provenance, "provenance"));
    }

    /** Throws naming the value unless {@code pue} is finite and {@code >= 1}; shared with the time series. */
    static void checkPue(double pue) {
        if (!(pue >= 1.0) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException("pue must be a finite number >= 1.0 (1.0 = no facility overhead), was " + pue);
        }
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        return gramsPerKwh;
    }

    @Override
    public double pue() {
        return pue;
    }

    @Override
    public IntensityReading readingAt(long epochMillis) {
        return reading;
    }

    @Override
    public String provenance() {
        return reading.provenance().toString();
    }

    @Override
    public String toString() {
        return "FixedIntensity[" + gramsPerKwh + " g/kWh, pue " + pue + ", " + reading.provenance() + ']';
    }
}
