package io.github.energy4j.platform.hwmon;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.internal.io.Ascii;
import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.internal.io.KeptFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider {@code hwmon}: whole-platform power from the ACPI power meter or PMBus power supplies.
 *
 * <p>Configuration: {@code hwmon.devices} (comma-separated hwmon {@code name}s to treat as platform
 * meters, replacing the built-in list of {@link HwmonDevices}).
 */
public final class HwmonPowerSourceProvider implements PowerSourceProvider {

    static final String ID = "hwmon";
    static final String REMEDY = "load the ACPI power meter driver (modprobe acpi_power_meter) or the PSU's "
            + "PMBus driver; or name the meter's hwmon device in hwmon.devices";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.PLATFORM;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public String description() {
        return "whole-machine power from hwmon (acpi_power_meter, PMBus power supplies)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            HwmonScanner.Result scan = scan(context);
            if (scan.channels().isEmpty()) {
                return Probe.unavailable(noChannels(context, scan), REMEDY);
            }
            for (HwmonChannel c : scan.channels()) {
                Path unreadable = !Files.isReadable(c.primary()) ? c.primary()
                        : c.secondary() != null && !Files.isReadable(c.secondary()) ? c.secondary() : null;
                if (unreadable != null) {
                    return Probe.unavailable(unreadable + " is not readable by this user",
                            "run as a user that may read it, or add a udev rule making it world-readable");
                }
            }
            String unreadable = firstUnreadable(scan.channels());
            if (unreadable != null) {
                return Probe.unavailable(unreadable, "check the meter in the firmware (BIOS/BMC) and the driver's "
                        + "kernel messages (dmesg | grep -i -e power_meter -e pmbus); or name another device in "
                        + "hwmon.devices, or use the redfish or ipmi source");
            }
            List<Zone> zones = new ArrayList<>();
            for (int i = 0; i < scan.channels().size(); i++) {
                zones.add(HwmonPowerSource.zoneOf(scan.channels().get(i), i, scan.channels().size()));
            }
            return Probe.available(zones);
        } catch (IOException | RuntimeException e) {
            return Probe.unavailable("cannot scan " + hwmonDir(context) + ": " + e.getMessage(), REMEDY);
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        HwmonScanner.Result scan;
        try {
            scan = scan(context);
        } catch (IOException e) {
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "cannot scan " + hwmonDir(context) + ": " + e.getMessage(), REMEDY, e);
        }
        if (scan.channels().isEmpty()) {
            throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED, noChannels(context, scan), REMEDY);
        }
        return openChecked(() -> new HwmonPowerSource(scan.channels(), System::nanoTime),
                "run as a user that may read it, or add a udev rule making it world-readable", REMEDY);
    }

    /** Opens a source over hwmon attribute files; may fail on one of them. */
    interface Opener {
        PowerSource open() throws IOException;
    }

    /**
     * Opens a hwmon source: an attribute this user may not read is {@code PERMISSION_DENIED} with
     * {@code permissionRemedy}, any other failure {@code DEVICE_ERROR} with {@code remedy}.
     */
    static PowerSource openChecked(Opener opener, String permissionRemedy, String remedy)
            throws EnergySourceException {
        try {
            return opener.open();
        } catch (java.nio.file.AccessDeniedException e) {
            throw new EnergySourceException(EnergySourceException.Reason.PERMISSION_DENIED,
                    e.getFile() + " is not readable by this user", permissionRemedy, e);
        } catch (IOException e) {
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "cannot open hwmon attribute: " + e.getMessage(), remedy, e);
        }
    }

    /**
     * Reads every channel once. Null when at least one gives a value; otherwise why the first does not
     * (a meter whose firmware fails every read is no source, and a lower-priority one may take over).
     */
    static String firstUnreadable(List<HwmonChannel> channels) {
        String first = null;
        for (HwmonChannel c : channels) {
            String why = readOnce(c.primary());
            if (why == null && c.secondary() != null) {
                why = readOnce(c.secondary());
            }
            if (why == null) {
                return null;
            }
            if (first == null) {
                first = why;
            }
        }
        return first;
    }

    /** Null when {@code p} holds a non-negative number, else the reason. */
    private static String readOnce(Path p) {
        try (KeptFile v = KeptFile.open(p, 32)) {
            long x = v.readDecimal();
            if (x == Ascii.INVALID) {
                return p + " gives no non-negative number (the driver failed to read the meter, or the value is "
                        + "malformed: " + v.lastError() + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot open " + p + ": " + KernelFile.describe(e);
        }
    }

    private static HwmonScanner.Result scan(SourceContext context) throws IOException {
        return HwmonScanner.scan(context.sysfs(), HwmonDevices.fromConfig(context.get("hwmon.devices", "")));
    }

    private static Path hwmonDir(SourceContext context) {
        return context.sysfs().resolve("class").resolve("hwmon");
    }

    private static String noChannels(SourceContext context, HwmonScanner.Result scan) {
        String base = "no whole-platform hwmon power channels under " + hwmonDir(context);
        return scan.otherDevices().isEmpty() ? base
                : base + " (not platform meters: " + String.join(", ", scan.otherDevices()) + ")";
    }
}
