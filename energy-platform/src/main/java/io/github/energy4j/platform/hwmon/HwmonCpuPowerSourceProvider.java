package io.github.energy4j.platform.hwmon;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Provider {@code hwmon-cpu}: measured CPU power from hwmon sensors where RAPL is absent: AMD's {@code amd_energy}
 * socket counters, {@code zenpower}, NVIDIA Grace's per-socket power meters and CPU-labelled sensors
 * ({@link HwmonCpuScanner}). Its priority is below RAPL's (powercap and MSR), so it is used only on machines
 * without them (Arm servers, AMD without {@code intel_rapl_common}, kernels that hide powercap), and above the
 * CPU power model. Kepler 0.11 reads hwmon as its CPU power meter in the same case
 * ({@code internal/device/hwmon_power_meter.go}, experimental).
 *
 * <p>Configuration: {@code hwmon.devices} as for the platform source (a device named there is a platform meter and
 * not read as CPU power).
 */
public final class HwmonCpuPowerSourceProvider implements PowerSourceProvider {

    static final String ID = "hwmon-cpu";
    static final String REMEDY = "where RAPL is missing: on AMD Zen load amd_energy (modprobe amd_energy) or zenpower; "
            + "on NVIDIA Grace the ACPI power meter (modprobe acpi_power_meter); otherwise the CPU power model estimates";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.CPU;
    }

    @Override
    public int priority() {
        return 80;
    }

    @Override
    public String description() {
        return "CPU power from hwmon sensors (amd_energy, zenpower, NVIDIA Grace, CPU-labelled sensors)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            HwmonCpuScanner.Result scan = scan(context);
            List<HwmonChannel> channels = channels(scan);
            if (channels.isEmpty()) {
                return Probe.unavailable(none(context, scan), REMEDY);
            }
            for (HwmonChannel c : channels) {
                for (Path p : c.secondary() == null ? List.of(c.primary()) : List.of(c.primary(), c.secondary())) {
                    if (!Files.isReadable(p)) {
                        return Probe.unavailable(p + " is not readable by this user", "run as root (amd_energy "
                                + "makes its counters readable by root only) or add a udev rule making it readable");
                    }
                }
            }
            String unreadable = HwmonPowerSourceProvider.firstUnreadable(channels);
            if (unreadable != null) {
                return Probe.unavailable(unreadable, "check the driver's kernel messages (dmesg | grep -i hwmon)");
            }
            return Probe.available(zones(scan));
        } catch (IOException | RuntimeException e) {
            return Probe.unavailable("cannot scan " + hwmonDir(context) + ": " + e.getMessage(), REMEDY);
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        HwmonCpuScanner.Result scan;
        try {
            scan = scan(context);
        } catch (IOException e) {
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "cannot scan " + hwmonDir(context) + ": " + e.getMessage(), REMEDY, e);
        }
        if (scan.channels().isEmpty()) {
            throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED, none(context, scan), REMEDY);
        }
        HwmonCpuScanner.Result found = scan;
        return HwmonPowerSourceProvider.openChecked(
                () -> new HwmonPowerSource(ID, channels(found), zones(found), System::nanoTime),
                "run as root or add a udev rule making it readable", REMEDY);
    }

    private static HwmonCpuScanner.Result scan(SourceContext context) throws IOException {
        HwmonCpuScanner.Result r = HwmonCpuScanner.scan(context.sysfs(),
                HwmonDevices.fromConfig(context.get("hwmon.devices", "")));
        // two devices may claim one zone name (two sensors labelled "CPU"): keep the first
        Set<String> names = new HashSet<>();
        List<HwmonCpuScanner.CpuChannel> unique = new ArrayList<>();
        for (HwmonCpuScanner.CpuChannel c : r.channels()) {
            if (names.add(c.zoneName())) {
                unique.add(c);
            }
        }
        return new HwmonCpuScanner.Result(List.copyOf(unique), r.devices());
    }

    private static List<HwmonChannel> channels(HwmonCpuScanner.Result scan) {
        List<HwmonChannel> out = new ArrayList<>();
        for (HwmonCpuScanner.CpuChannel c : scan.channels()) {
            out.add(c.channel());
        }
        return out;
    }

    /** One zone per channel, named as RAPL names its zones ({@code package-0}, {@code core-1}). */
    static List<Zone> zones(HwmonCpuScanner.Result scan) {
        List<Zone> out = new ArrayList<>();
        for (HwmonCpuScanner.CpuChannel c : scan.channels()) {
            HwmonChannel ch = c.channel();
            out.add(ch.kind() == HwmonChannel.Kind.ENERGY
                    ? Zone.microjouleCounter(c.zoneName(), c.socket(), c.domain(), 0, Double.NaN, ch.describe())
                    : Zone.microwattGauge(c.zoneName(), c.socket(), c.domain(), Double.NaN, ch.describe()));
        }
        return out;
    }

    private static Path hwmonDir(SourceContext context) {
        return context.sysfs().resolve("class").resolve("hwmon");
    }

    private static String none(SourceContext context, HwmonCpuScanner.Result scan) {
        String base = "no CPU power sensors under " + hwmonDir(context);
        return scan.devices().isEmpty() ? base : base + " (hwmon devices: " + String.join(", ", scan.devices()) + ")";
    }
}
