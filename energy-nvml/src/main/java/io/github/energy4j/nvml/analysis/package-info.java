/**
 * GPU usage analysis: windowed statistics, a 0–100 utilisation score and an active / idle /
 * suspicious status per GPU ({@link io.github.energy4j.nvml.analysis.GpuUsageAnalyzer}, fed from NVML by
 * {@link io.github.energy4j.nvml.analysis.GpuSampler}), and the {@link io.github.energy4j.nvml.analysis.GpuAdvisor}
 * SPI ({@link io.github.energy4j.nvml.analysis.GpuAdvisor#loadAll} finds the enabled advisors). The built-in
 * advisors, pod and namespace sums and the Micrometer gauges are implementation, not API.
 */
package io.github.energy4j.nvml.analysis;
