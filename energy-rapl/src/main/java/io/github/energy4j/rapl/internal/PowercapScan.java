package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds RAPL zones in a powercap sysfs tree and decides which ones to offer.
 *
 * <p>The walk ({@link #scan}) is I/O; the choice ({@link #select}) is a pure function of what was
 * found, so the rules (identify by name, drop MMIO duplicates) are tested without files.
 *
 * <p>A zone's {@code enabled} attribute does not decide whether it is read. In the powercap ABI
 * ({@code Documentation/ABI/testing/sysfs-class-powercap}) it "allows to enable/disable power capping at power
 * zone level"; {@code energy_uj} is the zone's energy counter either way. Firmware that locks the power limit
 * also makes the kernel report 0. Kepler reads such zones too (its powercap reader never looks at the file).
 *
 * <p>Both layouts are understood: {@code /sys/class/powercap} lists every zone flat (as symlinks) while
 * {@code /sys/devices/virtual/powercap/<type>} nests subzones inside their package. Zones are keyed by
 * directory name ({@code intel-rapl:0:1}), so a zone seen through both paths is taken once; the parent
 * of {@code intel-rapl:a:0} is {@code intel-rapl:a} whatever the nesting.
 */
public final class PowercapScan {

    /** {@code <control type>:<hex>[:<hex>...]}; suffixes are hexadecimal ({@code intel-rapl:a} is zone 10). */
    private static final Pattern ZONE_DIR = Pattern.compile("[A-Za-z0-9_.-]+(:[0-9a-fA-F]+)+");

    /** Used when a zone publishes no power constraint: above the sustained power of any shipping socket. */
    public static final double DEFAULT_MAX_WATTS = 1000.0;

    private PowercapScan() {
    }

    /**
     * One zone directory as found.
     *
     * @param dirName          {@code intel-rapl:0:1}
     * @param controlType      {@code intel-rapl}, {@code intel-rapl-mmio}, ...
     * @param dir              the directory
     * @param kernelName       trimmed {@code name}, empty when missing
     * @param identity         what it is, or null when not a RAPL domain we know
     * @param enabled          {@code enabled} != 0 (missing counts as enabled): whether power capping is on; for
     *                         information only, the counter is read either way
     * @param maxEnergyRangeUj {@code max_energy_range_uj}, or negative when missing or not a number
     * @param maxWatts         largest positive {@code constraint_K_max_power_uw}/{@code constraint_K_power_limit_uw}
     *                         in watts, or NaN when there is none
     */
    public record Candidate(String dirName, String controlType, Path dir, String kernelName, ZoneIdentity identity,
                            boolean enabled, long maxEnergyRangeUj, double maxWatts) {

        /** The counter file read per sample. */
        public Path energyFile() {
            return dir.resolve("energy_uj");
        }
    }

    /** The outcome of {@link #select}: zones to offer, in report order, and why others were left out. */
    public record Selection(List<Candidate> zones, List<String> notes) {
    }

    /** The powercap root that exists: {@code <sysfs>/class/powercap}, else {@code <sysfs>/devices/virtual/powercap}; null if neither. */
    public static Path root(Path sysfs) {
        Path cls = sysfs.resolve("class").resolve("powercap");
        if (Files.isDirectory(cls)) {
            return cls;
        }
        Path virt = sysfs.resolve("devices").resolve("virtual").resolve("powercap");
        return Files.isDirectory(virt) ? virt : null;
    }

    /** Walks the tree under {@code root} and reads every zone's attributes. Never throws. */
    public static List<Candidate> scan(Path root) {
        Map<String, Path> dirs = new TreeMap<>(Comparator.comparingInt(PowercapScan::depth)
                .thenComparing(Comparator.naturalOrder()));
        collect(root, dirs, 0);
        Map<String, Candidate> byDir = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : dirs.entrySet()) {
            String dirName = e.getKey();
            Path dir = e.getValue();
            String name = KernelFile.text(dir.resolve("name"));
            String kernelName = name == null ? "" : name;
            Candidate parent = byDir.get(parentDirName(dirName));
            ZoneIdentity identity = ZoneIdentity.classify(kernelName, parent == null ? null : parent.identity());
            boolean enabled = KernelFile.decimal(dir.resolve("enabled")) != 0;
            byDir.put(dirName, new Candidate(dirName, dirName.substring(0, dirName.indexOf(':')), dir, kernelName,
                    identity, enabled, KernelFile.decimal(dir.resolve("max_energy_range_uj")),
                    maxWatts(dir, enabled)));
        }
        return new ArrayList<>(byDir.values());
    }

    /**
     * Chooses the zones to offer: RAPL names only, one zone per reported name, whatever their {@code enabled}
     * attribute says (a note names each zone with {@code enabled} = 0, as information). A package seen under
     * several control types ({@code intel-rapl:0} and {@code intel-rapl-mmio:0} both named {@code package-0})
     * is the same counter read two ways; the MSR-backed {@code intel-rapl} one is kept.
     */
    public static Selection select(List<Candidate> found) {
        List<String> notes = new ArrayList<>();
        Map<String, Candidate> byName = new LinkedHashMap<>();
        for (Candidate c : found) {
            if (c.identity() == null) {
                notes.add(c.dirName() + " (name '" + c.kernelName() + "') is not a RAPL domain; ignored");
                continue;
            }
            String key = c.identity().zoneName();
            Candidate kept = byName.get(key);
            if (kept == null) {
                byName.put(key, c);
            } else {
                Candidate winner = rank(c.controlType()) < rank(kept.controlType()) ? c : kept;
                Candidate loser = winner == c ? kept : c;
                byName.put(key, winner);
                notes.add(loser.dirName() + " duplicates " + winner.dirName() + " (" + key + "); not counted twice");
            }
        }
        List<Candidate> zones = new ArrayList<>(byName.values());
        zones.sort(Comparator.comparingInt((Candidate c) -> c.identity().domain().ordinal())
                .thenComparingInt(c -> c.identity().index())
                .thenComparing(c -> c.identity().zoneName()));
        for (Candidate c : zones) {
            if (!c.enabled()) {
                notes.add(c.identity().zoneName() + " (" + c.dirName() + ") has enabled=0 (power capping off or "
                        + "locked), its energy counter is read all the same");
            }
        }
        return new Selection(List.copyOf(zones), List.copyOf(notes));
    }

    /** Lower is preferred: the MSR interface first, other interfaces (TPMI) next, MMIO last. */
    static int rank(String controlType) {
        return switch (controlType) {
            case "intel-rapl" -> 0;
            case "intel-rapl-mmio" -> 2;
            default -> 1;
        };
    }

    static String parentDirName(String dirName) {
        int last = dirName.lastIndexOf(':');
        int first = dirName.indexOf(':');
        return last == first ? "" : dirName.substring(0, last);
    }

    private static int depth(String dirName) {
        int n = 0;
        for (int i = 0; i < dirName.length(); i++) {
            if (dirName.charAt(i) == ':') {
                n++;
            }
        }
        return n;
    }

    /**
     * The largest positive max_power_uw or power_limit_uw of the zone's constraints, NaN for none. The
     * limits of a zone with {@code enabled} = 0 are not enforced and bound nothing: only the
     * max_power_uw values count there.
     */
    private static double maxWatts(Path dir, boolean enabled) {
        String[] attrs = enabled ? new String[] {"max_power_uw", "power_limit_uw"} : new String[] {"max_power_uw"};
        double best = Double.NaN;
        for (int k = 0; k < 8; k++) {
            String prefix = "constraint_" + k + "_";
            if (k > 0 && !Files.exists(dir.resolve(prefix + "name"))
                    && !Files.exists(dir.resolve(prefix + "power_limit_uw"))) {
                break;
            }
            for (String attr : attrs) {
                long uw = KernelFile.decimal(dir.resolve(prefix + attr));
                if (uw > 0 && !(uw / 1e6 <= best)) {
                    best = uw / 1e6;
                }
            }
        }
        return best;
    }

    private static void collect(Path dir, Map<String, Path> out, int depth) {
        if (depth > 4) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean zone = ZONE_DIR.matcher(n).matches();
                // Top level: control-type directories (intel-rapl) hold the nested layout.
                boolean controlType = depth == 0 && n.indexOf(':') < 0;
                if ((!zone && !controlType) || !Files.isDirectory(p)) {
                    continue;
                }
                if (zone) {
                    // The flat class/powercap/<zone> link is the shortest path; report that one.
                    Path seen = out.get(n);
                    if (seen == null || p.getNameCount() < seen.getNameCount()) {
                        out.put(n, p);
                    }
                }
                collect(p, out, depth + 1);
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable directory simply contributes no zones; the probe reports what is missing.
        }
    }
}
