package io.github.energy4j.carbon.sci;

import java.time.Duration;
import java.util.Objects;

/**
 * Embodied (manufacturing, transport, disposal) emissions of hardware, shared per SCI as
 * {@code M = TE · (TiR / EL) · (RR / ToR)}.
 *
 * @param totalGrams        TE: total embodied emissions of the hardware, grams CO2e
 * @param expectedLifespan  EL: expected lifespan of the hardware
 * @param reservedResources RR: resources reserved for the software (e.g. vCPUs, GB)
 * @param totalResources    ToR: total resources of the hardware in the same unit
 */
public record EmbodiedEmissions(double totalGrams, Duration expectedLifespan, double reservedResources,
                                double totalResources) {

    public EmbodiedEmissions {
        if (!(totalGrams >= 0) || Double.isInfinite(totalGrams)) {
            throw new IllegalArgumentException("totalGrams must be a finite number >= 0, was " + totalGrams);
        }
        Objects.requireNonNull(expectedLifespan, "expectedLifespan");
        if (expectedLifespan.isZero() || expectedLifespan.isNegative()) {
            throw new IllegalArgumentException("expectedLifespan must be > 0, was " + expectedLifespan);
        }
        if (!(totalResources > 0)) {
            throw new IllegalArgumentException("totalResources must be > 0, was " + totalResources);
        }
        if (!(reservedResources >= 0) || reservedResources > totalResources) {
            throw new IllegalArgumentException("reservedResources must be in [0, totalResources=" + totalResources
                    + "], was " + reservedResources);
        }
    }

    /** Whole hardware reserved (RR = ToR). */
    public static EmbodiedEmissions wholeMachine(double totalGrams, Duration expectedLifespan) {
        return new EmbodiedEmissions(totalGrams, expectedLifespan, 1, 1);
    }

    /** M in grams for {@code timeReserved} (TiR). */
    public double gramsFor(Duration timeReserved) {
        double share = (double) timeReserved.toMillis() / expectedLifespan.toMillis();
        return totalGrams * share * (reservedResources / totalResources);
    }
}
