/**
 * The one way energy4j opens kernel files (sysfs, procfs, cgroupfs): regular files only, bounded reads, one ASCII
 * decimal parser with one "invalid" value. Not exported to users; qualified exports name the modules that read
 * kernel files. {@link io.github.energy4j.internal.io.CounterFile#read} is allocation-free after warm-up while the
 * file reads and has not been replaced; single writer (the sampler thread).
 */
package io.github.energy4j.internal.io;
