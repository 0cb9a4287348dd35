/**
 * Fleet mode of {@code energy4j gpus}: the same usage analysis over every GPU of a cluster, from the history
 * Prometheus keeps of NVIDIA dcgm-exporter's series (or of energy4j's own {@code gpu_*} series). Exported only to
 * the agent.
 */
package io.github.energy4j.nvml.fleet;
