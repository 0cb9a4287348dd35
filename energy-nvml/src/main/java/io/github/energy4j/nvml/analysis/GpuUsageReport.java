package io.github.energy4j.nvml.analysis;

import java.util.Objects;
import java.util.Locale;

/**
 * The analysis of one GPU over the window.
 *
 * @param gpu             NVML device index
 * @param uuid            GPU UUID (empty when unknown)
 * @param name            product name (empty when unknown)
 * @param samples         samples in the window
 * @param windowSeconds   seconds between the oldest and newest sample in the window
 * @param utilization     SM (GPU) utilisation, percent
 * @param memoryUsed      device memory used, bytes
 * @param power           power draw, watts
 * @param smClock         SM clock, MHz
 * @param temperature     GPU core temperature, °C
 * @param memoryUtilization memory-controller (copy engine) utilisation, percent
 * @param historySeconds  seconds between the GPU's first sample ever and its newest one
 * @param maxProcesses    most compute processes seen in one sample (-1 when never known)
 * @param score           utilisation score 0–100 (see {@link GpuUsageAnalyzer} for the formula); NaN without samples
 * @param status          active, idle, suspicious or unknown
 * @param lowUtilization  score below the configured low-utilisation threshold
 */
public record GpuUsageReport(int gpu, String uuid, String name, int samples, double windowSeconds,
                             Stats utilization, Stats memoryUsed, Stats power,
                             Stats smClock, Stats temperature, Stats memoryUtilization,
                             double historySeconds, int maxProcesses, double score, Status status,
                             boolean lowUtilization) {

    public GpuUsageReport {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(memoryUtilization, "memoryUtilization");
    }

    /** How a GPU was used over the analysis window. */
    public enum Status {
        /** Kernels ran: mean SM utilisation at or above the idle threshold. */
        ACTIVE,
        /** Nothing ran and no memory is held. */
        IDLE,
        /** Memory is held or a compute process is attached, yet SM utilisation is about 0% (a "zombie"). */
        SUSPICIOUS,
        /** No sample in the window. */
        UNKNOWN,
        /**
         * Sampled for less time than the analysis asks ({@link GpuAnalysisConfig#minHistory()}): not judged yet, so
         * that a GPU seen for a few seconds is not called idle on a fraction of the window.
         */
        INSUFFICIENT_HISTORY;

        /** Lower-case name for tables, JSON and metric tags. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One compute process on one GPU at the last sample.
     *
     * @param pid         host process id
     * @param gpu         NVML device index
     * @param smPercent   SM utilisation of the process (mean of its samples since the previous sample); 0 when unknown
     * @param memoryBytes device memory the process holds; -1 when the driver does not say
     */
    public record ProcessUsage(int pid, int gpu, double smPercent, long memoryBytes) {
    }

    /**
     * Statistics of one GPU metric over the analysis window.
     *
     * @param samples       samples with a value (unavailable readings are left out)
     * @param mean          arithmetic mean, in the metric's unit; {@code Double.NaN} when no sample
     * @param variance      population variance, unit squared; {@code Double.NaN} when no sample
     * @param ratePerSecond change rate: (last − first) / seconds between them; 0 with fewer than two samples
     */
    public record Stats(int samples, double mean, double variance, double ratePerSecond) {

        /** No sample had a value. */
        public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, 0);

        /** Standard deviation, the square root of {@link #variance()}. */
        public double stddev() {
            return Math.sqrt(variance);
        }
    }
}
