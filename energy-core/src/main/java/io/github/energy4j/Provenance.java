package io.github.energy4j;

import java.util.Locale;

/** Whether a figure comes from a sensor or from a model. */
public enum Provenance {
    /** Every zone behind the figure is a hardware or firmware energy/power sensor. */
    MEASURED,
    /** At least one zone behind the figure is a model estimate. */
    ESTIMATED,
    /** No zone could be read; the figure is not a zero but unknown. */
    UNAVAILABLE;

    /** Combines two provenances: any estimate makes the result estimated. */
    public Provenance and(Provenance other) {
        if (this == UNAVAILABLE) {
            return other;
        }
        if (other == UNAVAILABLE) {
            return this;
        }
        return this == ESTIMATED || other == ESTIMATED ? ESTIMATED : MEASURED;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
