/**
 * The energy profiler agent: {@link io.github.energy4j.profiler.EnergyProfilerAgent} is what the JVM calls for
 * {@code -javaagent:energy4j-profiler.jar} and for a dynamic attach. Everything else lives in non-exported packages.
 */
package io.github.energy4j.profiler;
