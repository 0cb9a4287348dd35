/**
 * energy4j core: the metering API, the power-source and workload-resolver SPIs, the sampler, the
 * procfs reader, the attribution engine, the CPU power model and the Micrometer binder.
 */
module io.github.energy4j {
    requires java.management;
    requires java.net.http;
    requires jdk.management;
    requires org.slf4j;
    requires static micrometer.core;
    // EnergyObservationHandler (micrometer-core brings both)
    requires static micrometer.observation;
    requires static micrometer.commons;
    // virtual-thread CPU time from execution samples (Java 21+); without the module such scopes read unavailable
    requires static jdk.jfr;

    exports io.github.energy4j;
    exports io.github.energy4j.spi;
    // the engine, the procfs reader and the model are the meter's parts, not API: only our own modules see them
    exports io.github.energy4j.procfs to io.github.energy4j.agent, io.github.energy4j.jmh;
    exports io.github.energy4j.micrometer;
    // support for the modules that call HTTP services; not part of the public API
    exports io.github.energy4j.http to io.github.energy4j.k8s, io.github.energy4j.carbon, io.github.energy4j.platform,
            io.github.energy4j.nvml;
    exports io.github.energy4j.internal.service to io.github.energy4j.carbon, io.github.energy4j.nvml;
    // the one JSON tree reader and the one Prometheus API client of the cold paths; internal, so only our modules
    exports io.github.energy4j.internal.json to io.github.energy4j.platform, io.github.energy4j.carbon,
            io.github.energy4j.nvml, io.github.energy4j.agent;
    exports io.github.energy4j.internal.prometheus to io.github.energy4j.nvml, io.github.energy4j.agent;

    // the one reader of kernel files (regular files only, bounded reads, replaced counters re-opened)
    exports io.github.energy4j.internal.io to io.github.energy4j.rapl, io.github.energy4j.platform,
            io.github.energy4j.k8s, io.github.energy4j.agent;

    uses io.github.energy4j.spi.PowerSourceProvider;
    uses io.github.energy4j.spi.WorkloadResolverProvider;

    provides io.github.energy4j.spi.PowerSourceProvider with io.github.energy4j.model.CpuPowerModelProvider;
}
