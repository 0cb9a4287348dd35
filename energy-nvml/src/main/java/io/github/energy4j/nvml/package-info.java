/**
 * NVIDIA GPU energy through NVML: the {@code nvml} power source provider (one zone {@code gpu-<index>}
 * per GPU), per-process GPU activity for the core's attribution (which also does the idle split), and
 * the {@code CUDA_VISIBLE_DEVICES} / {@code NVIDIA_VISIBLE_DEVICES} mapping that says which GPUs this
 * process may use ({@link io.github.energy4j.nvml.CudaVisibleDevices}).
 *
 * <p>{@link io.github.energy4j.nvml.NvmlPowerSource#read(long[])} and
 * {@link io.github.energy4j.nvml.NvmlPowerSource#readActivity(int, int[], double[])}: allocation-free
 * after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.nvml;
