package io.github.energy4j.nvml.analysis.internal;

/**
 * GPU usage of one pod or namespace.
 *
 * @param key         {@code namespace/pod}, {@code namespace}, or {@code host} for processes outside pods
 * @param processes   compute processes counted
 * @param gpus        distinct GPUs they run on
 * @param smPercent   sum of their SM utilisation, percent of one GPU (200 = two GPUs' worth)
 * @param memoryBytes sum of the device memory they hold (unknown amounts count as 0)
 */
public record GpuWorkloadUsage(String key, int processes, int gpus, double smPercent, long memoryBytes) {
}
