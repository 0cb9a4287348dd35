/**
 * energy4j for JMH: {@code -prof io.github.energy4j.jmh.EnergyProfiler} adds joules per operation, watts and
 * their provenance to every benchmark's results.
 */
module io.github.energy4j.jmh {
    requires io.github.energy4j;
    requires jmh.core;
    requires jopt.simple;

    exports io.github.energy4j.jmh;

    provides org.openjdk.jmh.profile.Profiler with io.github.energy4j.jmh.EnergyProfiler;
}
