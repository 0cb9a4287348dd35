/**
 * RAPL energy counters. The sources ({@code rapl}: powercap sysfs; {@code rapl-perf}: the {@code power} perf PMU;
 * {@code rapl-msr}: MSRs, opt-in) are found through the core's {@code PowerSourceProvider} service and need no code;
 * this package holds {@link io.github.energy4j.rapl.RaplIntervals}, the longest sampling interval a counter's wrap
 * allows.
 */
package io.github.energy4j.rapl;
