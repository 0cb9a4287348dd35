/**
 * NVIDIA GPU energy through NVML: the GPUs NVML lists ({@link io.github.energy4j.nvml.GpuDevice}) and the
 * {@code CUDA_VISIBLE_DEVICES} / {@code NVIDIA_VISIBLE_DEVICES} mapping that says which GPUs this process may use
 * ({@link io.github.energy4j.nvml.CudaVisibleDevices}). The {@code nvml} power source itself (one zone
 * {@code gpu-<index>} per GPU, per-process GPU activity for the core's attribution) is found through
 * {@link java.util.ServiceLoader} as a {@code PowerSourceProvider} and configured with {@code SourceContext}
 * settings: its classes are not API.
 */
package io.github.energy4j.nvml;
