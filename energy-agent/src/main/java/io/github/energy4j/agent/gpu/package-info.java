/**
 * The GPU monitor service of {@code serve}: periodic idle / zombie analysis of every NVML GPU over a rolling window,
 * optional LLM advice, the JSON endpoints ({@code /analyze}, {@code /results}, {@code /config}) and the
 * {@code gpu_*} series. Runs on threads of its own at about 1 Hz, apart from the meter's sampler, whose hot path
 * it never touches.
 */
package io.github.energy4j.agent.gpu;
