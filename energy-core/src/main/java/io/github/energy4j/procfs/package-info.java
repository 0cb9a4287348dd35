/**
 * Readers and parsers of {@code /proc}. Allocation-free after warm-up; single writer (the sampler
 * thread). Parsers work on bytes and are tested on fixture text; the scanner only feeds them.
 */
package io.github.energy4j.procfs;
