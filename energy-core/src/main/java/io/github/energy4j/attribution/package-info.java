/**
 * The ratio-attribution engine: per zone and interval, idle vs active energy, active energy split by
 * CPU-time (or source-supplied) shares, an explicit unattributed bucket. Allocation-free after
 * warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.attribution;
