/**
 * energy4j for JMH: {@code -prof io.github.energy4j.jmh.EnergyProfiler} adds joules per operation, watts and
 * their provenance to every benchmark's results.
 */
module io.github.energy4j.jmh {
    requires io.github.energy4j;
    // the profiler's public API is JMH's (InternalProfiler, BenchmarkParams, ...); jmh-core has no module name of
    // its own, so javac warns about a transitive automatic module: JMH runs benchmarks on the class path anyway
    requires transitive jmh.core;
    requires jopt.simple;

    exports io.github.energy4j.jmh;

    provides org.openjdk.jmh.profile.Profiler with io.github.energy4j.jmh.EnergyProfiler;
}
