package io.github.energy4j.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * An intensity valid over {@code [start, end)}: one bucket of a history or a forecast.
 *
 * @param start       inclusive start
 * @param end         exclusive end, after {@code start}
 * @param gramsPerKwh grams CO2e per kWh over the bucket
 */
public record IntensityPoint(Instant start, Instant end, double gramsPerKwh) {

    public IntensityPoint {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " must be after start " + start);
        }
        if (Double.isNaN(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException("gramsPerKwh must be >= 0, was " + gramsPerKwh);
        }
    }

    /** True when {@code instant} lies in {@code [start, end)}. */
    public boolean covers(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
