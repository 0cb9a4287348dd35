package io.github.energy4j.agent.serve;

/**
 * One GPU under Kepler's GPU labels ({@code kepler_node_gpu_info} and the node GPU series in Kepler's
 * {@code internal/exporter/prometheus/collector/gpuinfo.go} and {@code power_collector.go}).
 *
 * @param gpu    the device index, as text
 * @param uuid   the GPU's UUID ({@code GPU-...}); empty when the source has none
 * @param name   the product name; empty when unknown
 * @param vendor {@code nvidia} for NVML, else {@code unknown}
 */
public record GpuInfo(String gpu, String uuid, String name, String vendor) {
}
