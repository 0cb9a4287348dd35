/**
 * Implementation details, not API: the sampler, source selection, counters, byte parsing.
 * Allocation-free after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.internal;
