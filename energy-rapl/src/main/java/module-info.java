/** RAPL energy counters through powercap sysfs and MSRs. */
module io.github.energy4j.rapl {
    requires io.github.energy4j;
    requires org.slf4j;

    exports io.github.energy4j.rapl;

    provides io.github.energy4j.spi.PowerSourceProvider with
            io.github.energy4j.rapl.RaplPowerSourceProvider,
            io.github.energy4j.rapl.RaplMsrPowerSourceProvider;
}
