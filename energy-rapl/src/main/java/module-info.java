/**
 * RAPL energy counters. The sources ({@code rapl}: powercap sysfs; {@code rapl-perf}: the {@code power} perf PMU;
 * {@code rapl-msr}: MSRs, opt-in) are found through the core's {@code PowerSourceProvider} service and need no code:
 * the module exports nothing.
 */
module io.github.energy4j.rapl {
    requires io.github.energy4j;
    requires org.slf4j;
    // perf_event_open and read(2) for the RAPL perf source (rapl-perf); optional: without JNA that source probes
    // unavailable and powercap is used
    requires static com.sun.jna;

    // JNA registers the direct-mapped libc methods of PerfEvents
    opens io.github.energy4j.rapl.internal to com.sun.jna;

    provides io.github.energy4j.spi.PowerSourceProvider with
            io.github.energy4j.rapl.internal.RaplPerfPowerSourceProvider,
            io.github.energy4j.rapl.internal.RaplPowerSourceProvider,
            io.github.energy4j.rapl.internal.RaplMsrPowerSourceProvider;
}
