/** RAPL energy counters through perf_event, powercap sysfs and MSRs. */
module io.github.energy4j.rapl {
    requires io.github.energy4j;
    requires org.slf4j;
    // perf_event_open and read(2) for the RAPL perf source (rapl-perf); optional: without JNA that source probes
    // unavailable and powercap is used
    requires static com.sun.jna;

    exports io.github.energy4j.rapl;
    // JNA registers the direct-mapped libc methods of PerfEvents
    opens io.github.energy4j.rapl.internal to com.sun.jna;

    provides io.github.energy4j.spi.PowerSourceProvider with
            io.github.energy4j.rapl.internal.RaplPerfPowerSourceProvider,
            io.github.energy4j.rapl.internal.RaplPowerSourceProvider,
            io.github.energy4j.rapl.internal.RaplMsrPowerSourceProvider;
}
