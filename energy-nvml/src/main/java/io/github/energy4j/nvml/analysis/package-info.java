/**
 * GPU usage analysis: windowed statistics, a 0–100 utilisation score and an active / idle /
 * suspicious status per GPU ({@link io.github.energy4j.nvml.analysis.GpuUsageAnalyzer}), pod and
 * namespace sums, Micrometer gauges and the {@link io.github.energy4j.nvml.analysis.GpuAdvisor} SPI.
 */
package io.github.energy4j.nvml.analysis;
