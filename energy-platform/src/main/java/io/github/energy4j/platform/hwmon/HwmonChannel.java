package io.github.energy4j.platform.hwmon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One power channel found under {@code class/hwmon}: whole-platform ({@link HwmonScanner}) or CPU
 * ({@link HwmonCpuScanner}).
 *
 * @param device         hwmon directory, e.g. {@code /sys/class/hwmon/hwmon3}
 * @param driver         the device's {@code name} attribute, e.g. {@code acpi_power_meter}
 * @param kind           how the value is obtained
 * @param primary        {@code energyN_input}, {@code powerN_average}/{@code powerN_input}, or {@code inN_input}
 * @param secondary      {@code currN_input} for {@link Kind#VOLTAGE_CURRENT}, the second power file for
 *                       {@link Kind#POWER_SUM}, null otherwise
 * @param label          the channel label ({@code pin}, {@code vin}, ...), empty when none
 * @param intervalMillis the firmware's refresh interval ({@code powerN_average_interval}), 0 when
 *                       unknown; the source never re-reads faster than this
 */
public record HwmonChannel(Path device, String driver, Kind kind, Path primary, Path secondary, String label,
                           long intervalMillis) {

    /** How a channel's value is obtained. */
    public enum Kind {
        /** {@code energyN_input}: cumulative microjoules. */
        ENERGY,
        /** {@code powerN_average} or {@code powerN_input}: microwatts. */
        POWER,
        /** {@code inN_input} (mV) times {@code currN_input} (mA): microwatts. */
        VOLTAGE_CURRENT,
        /** Two power files (µW) added: zenpower's core and SoC rails, which together are the package. */
        POWER_SUM
    }

    public HwmonChannel {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(label, "label");
        if ((kind == Kind.VOLTAGE_CURRENT || kind == Kind.POWER_SUM) != (secondary != null)) {
            throw new IllegalArgumentException("secondary file is required exactly for VOLTAGE_CURRENT and POWER_SUM");
        }
    }

    /** A short description for {@link io.github.energy4j.spi.Zone#device()}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(device).append(" (").append(driver).append(' ')
                .append(primary.getFileName());
        if (secondary != null) {
            sb.append(kind == Kind.POWER_SUM ? " + " : " x ").append(secondary.getFileName());
        }
        if (intervalMillis > 0) {
            sb.append(", refreshed every ").append(intervalMillis).append(" ms");
        }
        return sb.append(')').toString();
    }
}
