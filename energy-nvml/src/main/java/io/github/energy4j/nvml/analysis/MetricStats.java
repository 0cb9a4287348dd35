package io.github.energy4j.nvml.analysis;

/**
 * Statistics of one GPU metric over the analysis window.
 *
 * @param samples       samples with a value (unavailable readings are left out)
 * @param mean          arithmetic mean, in the metric's unit; {@code Double.NaN} when no sample
 * @param variance      population variance, unit squared; {@code Double.NaN} when no sample
 * @param ratePerSecond change rate: (last − first) / seconds between them; 0 with fewer than two samples
 */
public record MetricStats(int samples, double mean, double variance, double ratePerSecond) {

    /** No sample had a value. */
    public static final MetricStats EMPTY = new MetricStats(0, Double.NaN, Double.NaN, 0);

    /** Standard deviation, the square root of {@link #variance()}. */
    public double stddev() {
        return Math.sqrt(variance);
    }
}
