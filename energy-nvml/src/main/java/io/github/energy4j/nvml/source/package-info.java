/**
 * The {@code nvml} power source and its provider: one zone {@code gpu-<index>} per GPU, per-process GPU activity for
 * the core's attribution (which also does the idle split), and the {@code CUDA_VISIBLE_DEVICES} /
 * {@code NVIDIA_VISIBLE_DEVICES} mapping of the GPUs this process may use. Not API: found through
 * {@link java.util.ServiceLoader}, exported only to the agent.
 *
 * <p>{@link io.github.energy4j.nvml.source.NvmlPowerSource#read(long[])} and
 * {@link io.github.energy4j.nvml.source.NvmlPowerSource#readActivity(int, int[], double[])}: allocation-free
 * after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.nvml.source;
