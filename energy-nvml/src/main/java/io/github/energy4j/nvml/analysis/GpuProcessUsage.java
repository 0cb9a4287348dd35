package io.github.energy4j.nvml.analysis;

/**
 * One compute process on one GPU at the last sample.
 *
 * @param pid         host process id
 * @param gpu         NVML device index
 * @param smPercent   SM utilisation of the process (mean of its samples since the previous sample); 0 when unknown
 * @param memoryBytes device memory the process holds; -1 when the driver does not say
 */
public record GpuProcessUsage(int pid, int gpu, double smPercent, long memoryBytes) {
}
