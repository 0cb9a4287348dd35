package io.github.energy4j.platform.hwmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HwmonPowerSourceTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new HwmonPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        HwmonTree t = new HwmonTree(dir.resolve("sys"));
        t.device(0, "acpi_power_meter").set("power1_average", 187_000_000).set("power1_average_interval", 1000);
        return SourceContext.of(dir.resolve("proc"), t.sysfs());
    }

    private static SourceContext host(HwmonTree t) {
        return SourceContext.of(t.sysfs().resolve("../proc"), t.sysfs());
    }

    private static long[] readOnce(PowerSource s) {
        long[] v = new long[s.zones().size()];
        assertEquals(v.length, s.read(v));
        return v;
    }

    @Test
    void shouldReportAcpiPowerMeterAsSinglePlatformGaugeInMicrowatts() throws Exception {
        try (PowerSource s = provider().open(availableHost(tmp))) {
            Zone z = s.zones().get(0);
            assertEquals(1, s.zones().size());
            assertEquals("platform", z.name());
            assertEquals(Zone.Domain.PLATFORM, z.domain());
            assertEquals(Zone.Kind.POWER_GAUGE, z.kind());
            assertTrue(z.device().contains("acpi_power_meter") && z.device().contains("1000 ms"), z.device());
            assertEquals(187_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldHoldAcpiMeterValueUntilItsFirmwareIntervalHasPassed() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        HwmonTree.Device d = t.device(0, "acpi_power_meter").set("power1_average", 100_000_000)
                .set("power1_average_interval", 500);
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        List<HwmonChannel> channels = HwmonScanner.scan(t.sysfs(), HwmonDevices.fromConfig("")).channels();
        assertEquals(500, channels.get(0).intervalMillis());
        try (HwmonPowerSource s = new HwmonPowerSource(channels, clock::get)) {
            assertEquals(100_000_000L, readOnce(s)[0]);
            d.set("power1_average", 150_000_000);
            clock.addAndGet(499_000_000L);
            assertEquals(100_000_000L, readOnce(s)[0], "held within the interval");
            clock.addAndGet(1_000_000L);
            assertEquals(150_000_000L, readOnce(s)[0], "re-read once the interval passed");
        }
    }

    @Test
    void shouldPreferEnergyCounterOverPowerGaugeOnTheSameDevice() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "power_meter").set("energy1_input", 123_456_789_012L).set("power1_input", 90_000_000);
        try (PowerSource s = provider().open(host(t))) {
            Zone z = s.zones().get(0);
            assertEquals(1, s.zones().size());
            assertEquals(Zone.Kind.ENERGY_COUNTER, z.kind());
            assertEquals(1e-6, z.joulesPerUnit());
            assertEquals(0, z.wrapModulus());
            assertEquals(123_456_789_012L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldPreferPowerAverageOverPowerInputForTheSameChannel() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "power_meter").set("power1_input", 90_000_000).set("power1_average", 80_000_000);
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(80_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldSumPsuInputSideOnlyAndNamePlatformZonesByIndex() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(2, "ibm_cffps1").set("power1_input", 210_000_000).set("power1_label", "pin")
                .set("power2_input", 190_000_000).set("power2_label", "pout1");
        t.device(3, "ibm_cffps1").set("power1_input", 205_000_000).set("power1_label", "pin")
                .set("power2_input", 185_000_000).set("power2_label", "pout1");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(List.of("platform-0", "platform-1"), s.zones().stream().map(Zone::name).toList());
            long[] v = readOnce(s);
            assertEquals(210_000_000L, v[0]);
            assertEquals(205_000_000L, v[1]);
        }
    }

    @Test
    void shouldMultiplyMatchingVoltageAndCurrentPairsByLabelIntoMicrowatts() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        // PMBus PSU without power attributes: vin/iin and vout1/iout1; input side only.
        t.device(1, "dps920ab").set("in1_input", 230_500).set("in1_label", "vin")
                .set("in2_input", 12_100).set("in2_label", "vout1")
                .set("curr1_input", 1_250).set("curr1_label", "iin")
                .set("curr2_input", 21_000).set("curr2_label", "iout1");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(1, s.zones().size());
            assertEquals(Zone.Kind.POWER_GAUGE, s.zones().get(0).kind());
            assertEquals(230_500L * 1_250L, readOnce(s)[0]); // 288.125 W
        }
    }

    @Test
    void shouldUseInputVoltageTimesCurrentWhenTheSupplyReportsOnlyOutputPower() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        // Output power (pout1) leaves out the supply's losses; vin x iin is the wall side.
        t.device(1, "dps920ab").set("power2_input", 240_000_000).set("power2_label", "pout1")
                .set("in1_input", 230_000).set("in1_label", "vin")
                .set("curr1_input", 1_200).set("curr1_label", "iin");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(1, s.zones().size());
            assertTrue(s.zones().get(0).device().contains("in1_input x curr1_input"), s.zones().get(0).device());
            assertEquals(230_000L * 1_200L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldStillUseOutputPowerWhenNothingMeasuresTheInputSide() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(1, "dps920ab").set("power2_input", 240_000_000).set("power2_label", "pout1");
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(240_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldNameTheCurrentFileWhenOnlyItFailsToRead() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        HwmonTree.Device d = t.device(1, "dps920ab").set("in1_input", 230_000).set("in1_label", "vin")
                .set("curr1_input", 1_200).set("curr1_label", "iin");
        try (PowerSource s = provider().open(host(t))) {
            d.set("curr1_input", "-5");
            assertEquals(PowerSource.UNAVAILABLE, readOnce(s)[0]);
            assertTrue(s.lastError().contains("curr1_input"), s.lastError());
        }
    }

    @Test
    void shouldNotAllocateWhenReadingAfterWarmUp() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(1, "dps920ab").set("in1_input", 230_000).set("in1_label", "vin")
                .set("curr1_input", 1_200).set("curr1_label", "iin");
        t.device(2, "ibm_cffps1").set("power1_input", 205_000_000).set("power1_label", "pin");
        t.device(3, "ibm_cffps1").set("power1_average", 199_000_000).set("power1_average_interval", 1)
                .set("power1_label", "pin");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (PowerSource s = provider().open(host(t))) {
            long[] v = new long[s.zones().size()];
            for (int i = 0; i < 20_000; i++) {
                s.read(v);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                s.read(v);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertEquals(3, v.length);
            assertEquals(230_000L * 1_200L, v[0]);
            assertTrue(allocated < 1024, allocated + " bytes allocated by 10,000 reads");
        }
    }

    @Test
    void shouldSkipDisabledChannels() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "power_meter").set("power1_input", 50_000_000).set("power1_enable", 0)
                .set("power2_input", 70_000_000).set("power2_enable", 1);
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(1, s.zones().size());
            assertTrue(s.zones().get(0).device().contains("power2_input"));
            assertEquals(70_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldIgnoreCpuAndGpuSensorsAndNameThemInTheProbeReason() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "amd_energy").set("energy1_input", 5_000_000);
        t.device(1, "k10temp").set("power1_input", 40_000_000);
        t.device(2, "amdgpu").set("power1_average", 30_000_000);
        Probe p = provider().probe(host(t));
        assertFalse(p.available());
        assertTrue(p.reason().contains("amd_energy") && p.reason().contains("k10temp"), p.reason());
        assertTrue(p.remedy().contains("modprobe acpi_power_meter"), p.remedy());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider().open(host(t)));
        assertEquals(EnergySourceException.Reason.NOT_SUPPORTED, e.reason());
    }

    @Test
    void shouldUseOnlyTheMeterWhenBothMeterAndPowerSuppliesArePresent() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "ibm_cffps1").set("power1_input", 210_000_000).set("power1_label", "pin");
        t.device(1, "acpi_power_meter").set("power1_average", 400_000_000);
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(1, s.zones().size());
            assertEquals(400_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldTreatConfiguredDeviceAsPlatformMeter() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "ina3221").set("power1_input", 12_000_000);
        assertFalse(provider().probe(host(t)).available());
        Probe p = provider().probe(host(t).with("hwmon.devices", "ina3221"));
        assertTrue(p.available(), p.reason());
        assertEquals(1, p.zones().size());
    }

    @Test
    void shouldReportUnavailableForAZoneWhoseValueIsNotANumber() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        HwmonTree.Device d = t.device(0, "power_meter").set("power1_input", 60_000_000)
                .set("power2_input", 20_000_000);
        try (PowerSource s = provider().open(host(t))) {
            d.set("power1_input", "garbage");
            long[] v = readOnce(s);
            assertEquals(PowerSource.UNAVAILABLE, v[0]);
            assertEquals(20_000_000L, v[1]);
            assertTrue(s.lastError().contains("power1_input gave no number"), s.lastError());
            d.set("power1_input", 61_000_000);
            assertEquals(61_000_000L, readOnce(s)[0]);
            assertEquals("", s.lastError(), "cleared once the file reads again");
        }
    }

    /**
     * The layout acpi_power_meter registers (old hwmon API): {@code class/hwmon/hwmonN} is a link into
     * the ACPI device's {@code hwmon/} directory, and the attributes, {@code name} ("power_meter")
     * included, live on the ACPI device itself, reached through {@code hwmonN/device}.
     */
    @Test
    void shouldReadTheAcpiPowerMeterThroughTheKernelsSymlinkedLayout() throws Exception {
        Path sys = tmp.resolve("sys");
        Path acpi = sys.resolve("devices/LNXSYSTM:00/LNXSYBUS:00/ACPI000D:00");
        Path hwmon = java.nio.file.Files.createDirectories(acpi.resolve("hwmon/hwmon4"));
        java.nio.file.Files.createSymbolicLink(hwmon.resolve("device"), Path.of("../.."));
        new HwmonTree.Device(acpi).set("name", "power_meter").set("power1_average", 312_000_000)
                .set("power1_average_interval", 2000).set("power1_average_interval_min", 1000)
                .set("power1_average_interval_max", 60000).set("power1_is_battery", 0)
                .set("power1_accuracy", "95.0%").set("power1_model_number", "Meter");
        java.nio.file.Files.createDirectories(sys.resolve("class/hwmon"));
        java.nio.file.Files.createSymbolicLink(sys.resolve("class/hwmon/hwmon4"),
                Path.of("../../devices/LNXSYSTM:00/LNXSYBUS:00/ACPI000D:00/hwmon/hwmon4"));
        try (PowerSource s = provider().open(host(new HwmonTree(sys)))) {
            assertEquals(1, s.zones().size());
            assertTrue(s.zones().get(0).device().contains("power_meter power1_average, refreshed every 2000 ms"),
                    s.zones().get(0).device());
            assertEquals(312_000_000L, readOnce(s)[0]);
        }
    }

    @Test
    void shouldProbeUnavailableWithTheFileWhenNoChannelGivesAReading() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(0, "power_meter").set("power1_average", "").set("power1_average_interval", 1000);
        Probe p = provider().probe(host(t));
        assertFalse(p.available(), "a meter that never reads is no source; redfish or ipmi may take over");
        assertTrue(p.reason().contains("power1_average gives no non-negative number")
                && p.reason().contains("not a decimal number"), p.reason());
        assertTrue(p.remedy().contains("redfish or ipmi"), p.remedy());
    }

    @Test
    void shouldProbeAvailableWhenOnlySomeChannelsFailToRead() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        t.device(2, "ibm_cffps1").set("power1_input", "garbage").set("power1_label", "pin");
        t.device(3, "ibm_cffps1").set("power1_input", 205_000_000).set("power1_label", "pin");
        Probe p = provider().probe(host(t));
        assertTrue(p.available(), p.reason());
        assertEquals(2, p.zones().size(), "the zones stay fixed; the failing one reads as unavailable");
    }

    @Test
    void shouldReadAttributesFromDeviceSubdirectoryOnOldDrivers() throws Exception {
        HwmonTree t = new HwmonTree(tmp.resolve("sys"));
        new HwmonTree.Device(t.sysfs().resolve("class/hwmon/hwmon0/device"))
                .set("name", "acpi_power_meter").set("power1_average", 99_000_000);
        try (PowerSource s = provider().open(host(t))) {
            assertEquals(99_000_000L, readOnce(s)[0]);
        }
    }
}
