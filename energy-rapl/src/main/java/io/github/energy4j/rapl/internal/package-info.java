/**
 * The RAPL source providers and the discovery, decoding and reading of RAPL counters; not exported (the providers
 * are found through {@code provides} in module-info and {@code META-INF/services}). Discovery and probing
 * ({@link io.github.energy4j.rapl.internal.PowercapScan}, {@link io.github.energy4j.rapl.internal.ProbeDecision})
 * run once at start-up and may allocate. The per-sample {@code read} paths
 * ({@link io.github.energy4j.rapl.internal.PowercapPowerSource}, {@link io.github.energy4j.rapl.internal.MsrPowerSource},
 * {@link io.github.energy4j.rapl.internal.MsrFile}) are
 * allocation-free after warm-up while every counter reads; single writer (the sampler thread).
 */
package io.github.energy4j.rapl.internal;
