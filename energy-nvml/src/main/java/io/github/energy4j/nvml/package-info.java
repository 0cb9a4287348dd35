/**
 * NVIDIA GPU energy through NVML: the GPUs NVML lists ({@link io.github.energy4j.nvml.GpuDevice}). The {@code nvml}
 * power source itself (one zone {@code gpu-<index>} per GPU, per-process GPU activity for the core's attribution,
 * the {@code CUDA_VISIBLE_DEVICES} / {@code NVIDIA_VISIBLE_DEVICES} mapping of the GPUs this process may use) is
 * found through {@link java.util.ServiceLoader} as a {@code PowerSourceProvider} and configured with
 * {@code SourceContext} settings (see the module's README): its classes are not API.
 */
package io.github.energy4j.nvml;
