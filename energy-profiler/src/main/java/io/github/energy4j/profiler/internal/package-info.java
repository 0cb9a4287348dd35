/**
 * Implementation of the energy profiler, not API (exported to the command line only, for option checking).
 *
 * <p>Threads: the JFR stream thread ({@code energy4j-profiler-jfr}) interns each sample's stack into the call tree and
 * records it into the {@link io.github.energy4j.profiler.internal.SampleCollector}, under its monitor; the window
 * thread ({@code energy4j-profiler-window}) samples the meter and the thread CPU clocks once per window, closes the
 * window and settles the delivered ones. Per sample, our part allocates nothing once the stack's path and methods
 * are known (JFR's own parser allocates per event); per window, a few small objects.
 */
package io.github.energy4j.profiler.internal;
