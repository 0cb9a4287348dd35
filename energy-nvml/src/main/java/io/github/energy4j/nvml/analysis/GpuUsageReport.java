package io.github.energy4j.nvml.analysis;

import java.util.Objects;

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
                             MetricStats utilization, MetricStats memoryUsed, MetricStats power,
                             MetricStats smClock, MetricStats temperature, MetricStats memoryUtilization,
                             double historySeconds, int maxProcesses, double score, GpuStatus status,
                             boolean lowUtilization) {

    public GpuUsageReport {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(memoryUtilization, "memoryUtilization");
    }
}
