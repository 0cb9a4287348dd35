/**
 * The JMH energy profiler, {@link io.github.energy4j.jmh.EnergyProfiler}: joules per operation of the forked
 * benchmark JVM over its measurement iterations, measured or estimated, and saying which.
 */
package io.github.energy4j.jmh;
