/** Whole-machine power: hwmon/ACPI power meter, IPMI DCMI, Redfish; and CPU power from hwmon where RAPL is absent. */
module io.github.energy4j.platform {
    requires io.github.energy4j;
    requires org.slf4j;
    requires java.net.http;

    // nothing exported: the sources are found through the providers below and configured with SourceContext
    // settings (see the module's README)

    provides io.github.energy4j.spi.PowerSourceProvider with
            io.github.energy4j.platform.hwmon.HwmonPowerSourceProvider,
            io.github.energy4j.platform.hwmon.HwmonCpuPowerSourceProvider,
            io.github.energy4j.platform.ipmi.IpmiPowerSourceProvider,
            io.github.energy4j.platform.redfish.RedfishPowerSourceProvider;
}
