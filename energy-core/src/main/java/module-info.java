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

    exports io.github.energy4j;
    exports io.github.energy4j.spi;
    exports io.github.energy4j.attribution;
    exports io.github.energy4j.procfs;
    exports io.github.energy4j.model;
    exports io.github.energy4j.micrometer;
    exports io.github.energy4j.http;

    uses io.github.energy4j.spi.PowerSourceProvider;
    uses io.github.energy4j.spi.WorkloadResolverProvider;

    provides io.github.energy4j.spi.PowerSourceProvider with io.github.energy4j.model.CpuPowerModelProvider;
}
