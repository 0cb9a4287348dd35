package io.github.energy4j.platform.ipmi;

import java.util.Locale;

/** Parsers for {@code ipmitool} sensor output (cold path, background thread). */
final class IpmiSensorOutput {

    private IpmiSensorOutput() {
    }

    /**
     * Watts from {@code ipmitool -c sensor reading "<name>"}: {@code <name>,<value>}.
     *
     * @throws IllegalArgumentException when there is no numeric reading (sensor absent, disabled, "na")
     */
    static double readingWatts(String output, String sensor) {
        String line = output.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        int comma = line.lastIndexOf(',');
        String value = comma >= 0 ? line.substring(comma + 1).strip() : "";
        try {
            double w = Double.parseDouble(value);
            if (w >= 0 && !Double.isInfinite(w)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("sensor \"" + sensor + "\" has no reading (ipmitool said: " + line + ")");
    }

    /**
     * The unit of the {@code Sensor Reading} line of {@code ipmitool sdr get "<name>"}, e.g. {@code Watts}
     * in {@code Sensor Reading : 240 (+/- 0) Watts}; empty when there is no such line.
     */
    static String readingUnit(String sdrGetOutput) {
        for (String line : sdrGetOutput.split("\n")) {
            String t = line.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith("sensor reading")) {
                int colon = t.indexOf(':');
                String rest = colon >= 0 ? t.substring(colon + 1).strip() : "";
                int paren = rest.lastIndexOf(')');
                String tail = paren >= 0 ? rest.substring(paren + 1) : rest.replaceFirst("^[-0-9.]+", "");
                return tail.strip();
            }
        }
        return "";
    }
}
