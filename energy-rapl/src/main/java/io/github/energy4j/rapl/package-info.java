/**
 * RAPL power sources: {@link io.github.energy4j.rapl.RaplPowerSourceProvider} ({@code rapl}, powercap
 * sysfs) and {@link io.github.energy4j.rapl.RaplMsrPowerSourceProvider} ({@code rapl-msr}, MSRs, opt-in),
 * plus {@link io.github.energy4j.rapl.RaplIntervals} for the sampling bound.
 *
 * <p>The {@code read} paths are allocation-free after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.rapl;
