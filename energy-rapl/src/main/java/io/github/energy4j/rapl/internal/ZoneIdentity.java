package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.Zone;

/**
 * What a powercap zone is, derived from its kernel {@code name} file and never from its directory
 * index: the kernel numbers zones in registration order, which differs between boots and drivers.
 *
 * <p>Kernel names: {@code package-N} (or {@code package-N-die-M} on multi-die parts), {@code psys}
 * (or {@code psys-N} on multi-socket parts that enumerate it per package), and the subzones
 * {@code core} (PP0), {@code uncore} (PP1) and {@code dram}, which take the socket of their parent
 * package. AMD Zen packages are exposed by the same driver under the same names.
 *
 * @param domain   what the zone measures
 * @param index    socket index ({@code N} of {@code package-N}); 0 for a node-wide {@code psys}
 * @param zoneName the unique name we report: {@code package-1}, {@code dram-1}, {@code core-0-die-1}, {@code psys}
 */
public record ZoneIdentity(Zone.Domain domain, int index, String zoneName) {

    private static final String PACKAGE = "package-";
    private static final String PSYS = "psys";

    /**
     * Classifies a zone.
     *
     * @param kernelName the trimmed content of the zone's {@code name} file
     * @param parent     the identity of the parent zone, or null for a top-level zone
     * @return the identity, or null when the name is not a RAPL domain we know (or a subzone has no
     *         package parent)
     */
    public static ZoneIdentity classify(String kernelName, ZoneIdentity parent) {
        if (kernelName.startsWith(PACKAGE)) {
            String suffix = kernelName.substring(PACKAGE.length());
            int socket = leadingNumber(suffix);
            if (socket < 0 || !validPackageSuffix(suffix)) {
                return null;
            }
            return new ZoneIdentity(Zone.Domain.PACKAGE, socket, kernelName);
        }
        if (kernelName.equals(PSYS)) {
            return new ZoneIdentity(Zone.Domain.PSYS, 0, PSYS);
        }
        if (kernelName.startsWith(PSYS + "-")) {
            String suffix = kernelName.substring(PSYS.length() + 1);
            int socket = leadingNumber(suffix);
            return socket < 0 || digits(suffix) != suffix.length() ? null
                    : new ZoneIdentity(Zone.Domain.PSYS, socket, kernelName);
        }
        Zone.Domain sub = switch (kernelName) {
            case "core" -> Zone.Domain.CORE;
            case "uncore" -> Zone.Domain.UNCORE;
            case "dram" -> Zone.Domain.DRAM;
            default -> null;
        };
        if (sub == null || parent == null || parent.domain != Zone.Domain.PACKAGE) {
            return null;
        }
        String parentSuffix = parent.zoneName.substring(PACKAGE.length());
        return new ZoneIdentity(sub, parent.index, kernelName + "-" + parentSuffix);
    }

    private static boolean validPackageSuffix(String s) {
        int n = digits(s);
        if (n == s.length()) {
            return true;
        }
        String rest = s.substring(n);
        if (!rest.startsWith("-die-")) {
            return false;
        }
        String die = rest.substring(5);
        return !die.isEmpty() && digits(die) == die.length();
    }

    private static int digits(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static int leadingNumber(String s) {
        int n = digits(s);
        if (n == 0 || n > 6) {
            return -1;
        }
        return Integer.parseInt(s.substring(0, n));
    }
}
