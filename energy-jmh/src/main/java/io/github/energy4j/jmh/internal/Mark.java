package io.github.energy4j.jmh.internal;

import io.github.energy4j.EnergySnapshot;

/**
 * The meter's state at an iteration boundary, taken right after a sample.
 *
 * @param snapshot             cumulative energy as of the sample, {@code null} when no sample could be taken
 * @param nanoTime             {@link System#nanoTime()} right after the sample
 * @param failedReadingsBefore zone readings that had failed before this sample (the meter's
 *                             {@code zoneReadingsUnavailable})
 * @param failedReadingsAfter  the same count after this sample
 * @param problem              why there is no snapshot, empty when there is one
 */
public record Mark(EnergySnapshot snapshot, long nanoTime, long failedReadingsBefore, long failedReadingsAfter,
                   String problem) {

    /** A mark without a sample, saying why. */
    public static Mark unavailable(String problem) {
        return new Mark(null, System.nanoTime(), 0, 0, problem);
    }
}
