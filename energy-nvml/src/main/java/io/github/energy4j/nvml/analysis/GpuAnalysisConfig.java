package io.github.energy4j.nvml.analysis;

import java.time.Duration;

/**
 * Settings of the GPU usage analysis; build with {@link #builder()}, validated at {@link Builder#build()}.
 *
 * @param window                  statistics cover samples newer than this (default 10 min)
 * @param capacity                samples kept per GPU, the ring size (default 3600, one hour at 1 Hz)
 * @param lowUtilizationThreshold score below which a GPU counts as low-utilised (default 20, 0–100)
 * @param idleUtilizationPercent  mean SM utilisation below which a GPU does no work (default 5 %)
 * @param zombieMemoryBytes       memory used at or above which an idle GPU counts as held (default 512 MiB)
 * @param minHistory              a GPU sampled for less than this is {@link GpuUsageReport.Status#INSUFFICIENT_HISTORY}, not
 *                                judged (default zero: judge from the first sample; the agent's periodic analysis
 *                                asks for the whole window)
 */
public record GpuAnalysisConfig(Duration window, int capacity, double lowUtilizationThreshold,
                                double idleUtilizationPercent, long zombieMemoryBytes, Duration minHistory) {

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static GpuAnalysisConfig defaults() {
        return builder().build();
    }

    /** Builder; every setter has a default. */
    public static final class Builder {
        private Duration window = Duration.ofMinutes(10);
        private int capacity = 3600;
        private double lowUtilizationThreshold = 20;
        private double idleUtilizationPercent = 5;
        private long zombieMemoryBytes = 512L << 20;
        private Duration minHistory = Duration.ZERO;

        private Builder() {
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder capacity(int samples) {
            this.capacity = samples;
            return this;
        }

        public Builder lowUtilizationThreshold(double score) {
            this.lowUtilizationThreshold = score;
            return this;
        }

        public Builder idleUtilizationPercent(double percent) {
            this.idleUtilizationPercent = percent;
            return this;
        }

        public Builder zombieMemoryBytes(long bytes) {
            this.zombieMemoryBytes = bytes;
            return this;
        }

        public Builder minHistory(Duration history) {
            this.minHistory = history;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting and its allowed values */
        public GpuAnalysisConfig build() {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be a positive duration, was " + window);
            }
            if (capacity < 2 || capacity > 1_000_000) {
                throw new IllegalArgumentException("capacity must be 2..1000000 samples, was " + capacity);
            }
            if (!(lowUtilizationThreshold >= 0 && lowUtilizationThreshold <= 100)) {
                throw new IllegalArgumentException("lowUtilizationThreshold must be 0..100, was " + lowUtilizationThreshold);
            }
            if (!(idleUtilizationPercent >= 0 && idleUtilizationPercent <= 100)) {
                throw new IllegalArgumentException("idleUtilizationPercent must be 0..100, was " + idleUtilizationPercent);
            }
            if (zombieMemoryBytes < 0) {
                throw new IllegalArgumentException("zombieMemoryBytes must be >= 0, was " + zombieMemoryBytes);
            }
            if (minHistory == null || minHistory.isNegative() || minHistory.compareTo(window) > 0) {
                throw new IllegalArgumentException("minHistory must be from 0 to the window (" + window + "), was "
                        + minHistory);
            }
            return new GpuAnalysisConfig(window, capacity, lowUtilizationThreshold, idleUtilizationPercent,
                    zombieMemoryBytes, minHistory);
        }
    }
}
