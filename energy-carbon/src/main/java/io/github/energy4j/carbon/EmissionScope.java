package io.github.energy4j.carbon;

import java.util.Locale;

/** Which emissions an intensity counts per kWh. Lifecycle and direct figures are not comparable. */
public enum EmissionScope {
    /** Lifecycle emission factors: construction, fuel supply and combustion (Ember, Electricity Maps default). */
    LIFECYCLE,
    /** Direct combustion emissions only (EPA eGRID, Electricity Maps "direct"). */
    DIRECT,
    /** The source does not say. */
    UNSPECIFIED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code lifecycle}, {@code direct} or anything else as {@link #UNSPECIFIED}; never throws. */
    public static EmissionScope parse(String text) {
        if (text == null) {
            return UNSPECIFIED;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "lifecycle":
                return LIFECYCLE;
            case "direct":
                return DIRECT;
            default:
                return UNSPECIFIED;
        }
    }
}
