package io.github.energy4j.rapl.internal;

/**
 * Vendor, family and model of the first CPU in {@code /proc/cpuinfo}: decides which MSRs hold RAPL
 * and which fixed-unit quirks apply.
 *
 * @param vendor the vendor
 * @param family {@code cpu family} (decimal in cpuinfo), -1 when absent
 * @param model  {@code model} (decimal in cpuinfo), -1 when absent
 */
public record CpuInfo(Vendor vendor, int family, int model) {

    /** CPU vendors with RAPL MSRs. */
    public enum Vendor {
        INTEL, AMD, OTHER
    }

    /** Unknown CPU. */
    public static final CpuInfo UNKNOWN = new CpuInfo(Vendor.OTHER, -1, -1);

    /** Parses the text of {@code /proc/cpuinfo}; only the first processor block is looked at. */
    public static CpuInfo parse(String text) {
        Vendor vendor = Vendor.OTHER;
        int family = -1;
        int model = -1;
        boolean seenVendor = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && seenVendor) {
                    break;
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> {
                    seenVendor = true;
                    vendor = switch (value) {
                        case "GenuineIntel" -> Vendor.INTEL;
                        // Hygon Dhyana is a Zen derivative with the same RAPL MSRs.
                        case "AuthenticAMD", "HygonGenuine" -> Vendor.AMD;
                        default -> Vendor.OTHER;
                    };
                }
                case "cpu family" -> family = parseInt(value);
                case "model" -> model = parseInt(value);
                default -> {
                }
            }
        }
        return new CpuInfo(vendor, family, model);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
