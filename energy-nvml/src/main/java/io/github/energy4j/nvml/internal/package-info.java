/**
 * JNA direct mapping of NVML and the nvml that owns init/shutdown, device handles and the reused
 * native buffers. Not API. Allocation-free after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.nvml.internal;
