package io.github.energy4j.carbon.window;

import java.time.Instant;

/**
 * A start time chosen for a job, and what it saves compared with starting at the earliest allowed time.
 *
 * @param start                    chosen start
 * @param end                      start + duration
 * @param averageGramsPerKwh       time-weighted forecast intensity over the chosen window
 * @param runNowAverageGramsPerKwh same over the window starting at the earliest allowed time
 * @param gramsAtChoice            expected grams for the energy estimate at the chosen time (PUE included)
 * @param gramsIfRunNow            expected grams if started at the earliest allowed time
 * @param savedGrams               gramsIfRunNow − gramsAtChoice (0 when now is best)
 * @param savedPercent             savedGrams as a percentage of gramsIfRunNow
 */
public record WindowChoice(Instant start, Instant end, double averageGramsPerKwh, double runNowAverageGramsPerKwh,
                           double gramsAtChoice, double gramsIfRunNow, double savedGrams, double savedPercent) {
}
