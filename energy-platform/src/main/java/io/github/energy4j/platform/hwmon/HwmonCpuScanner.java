package io.github.energy4j.platform.hwmon;

import io.github.energy4j.platform.hwmon.HwmonChannel.Kind;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds CPU power channels under {@code <sysfs>/class/hwmon} (cold path), for machines without RAPL in powercap:
 * <ul>
 *   <li>{@code amd_energy} (in the kernel 5.8 to 5.12, {@code Documentation/hwmon/amd_energy.rst}; maintained by
 *       AMD out of tree since, root-only reads) and its fork {@code zenergy} (readable by all): the per-socket RAPL
 *       energy counters the driver accumulates to 64 bits, {@code energyN_input} in µJ labelled {@code Esocket<N>};
 *       the per-core {@code Ecore<NNN>} counters are not used, the socket counters contain them. Zone
 *       {@code package-N}.
 *   <li>{@code zenpower} (out of tree, for AMD Zen): the SVI2 telemetry of one socket per device,
 *       {@code power1_input} labelled {@code SVI2_P_Core} and {@code power2_input} labelled {@code SVI2_P_SoC}, in
 *       µW. Zone {@code package-N} is their sum, {@code core-N} the core rail; sockets are numbered in device order.
 *   <li>NVIDIA Grace: ACPI power meters ({@code acpi_power_meter}, named {@code power_meter}) whose
 *       {@code power1_oem_info} reads {@code Grace Power Socket N} (the socket, memory and regulator losses
 *       included), {@code CPU Power Socket N} (the CPU rail) or {@code SysIO Power Socket N} (the SoC rail), with
 *       {@code power1_average} in µW (NVIDIA's Grace performance tuning guide, power telemetry). Zones
 *       {@code package-N}, {@code core-N} and {@code uncore-N}. {@code Module Power Socket N} (Grace Hopper: the GPU
 *       included) is neither CPU nor platform power and is not used.
 *   <li>Any other device that is neither a platform meter ({@link HwmonDevices}) nor a GPU: a power or energy
 *       channel whose label names the CPU or the package as a word ({@code CPU Power}, {@code VDD_CPU},
 *       {@code Package}, {@code pkg1}); a label naming a GPU as well ({@code VDD_CPU_GPU_CV}) is passed over. Zone
 *       {@code package-N}, N from the digits in the label, else the order found.
 * </ul>
 * The zones are CPU domains with RAPL's names, so reports and Kepler's series treat them as RAPL zones: a node
 * without RAPL gets measured CPU energy instead of the model's estimate.
 */
final class HwmonCpuScanner {

    /** A CPU channel and the zone it becomes. */
    record CpuChannel(HwmonChannel channel, Zone.Domain domain, int socket) {
        String zoneName() {
            return domain.tag() + "-" + socket;
        }
    }

    /** What a scan found: CPU channels, and the names of the hwmon devices seen (for a probe's reason). */
    record Result(List<CpuChannel> channels, List<String> devices) {
    }

    private static final Pattern ESOCKET = Pattern.compile("Esocket(\\d+)");
    private static final Pattern GRACE = Pattern.compile("(Grace|CPU|SysIO|Module) Power Socket (\\d+)");
    private static final Pattern ATTR = Pattern.compile("(energy|power)(\\d+)_(input|average)");
    private static final Set<String> GPU_DRIVERS = Set.of("amdgpu", "radeon", "nouveau", "i915", "xe");

    private HwmonCpuScanner() {
    }

    static Result scan(Path sysfs, HwmonDevices platform) throws IOException {
        Path classDir = sysfs.resolve("class").resolve("hwmon");
        List<CpuChannel> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(classDir)) {
            return new Result(List.of(), List.of());
        }
        List<Path> devices;
        try (Stream<Path> s = Files.list(classDir)) {
            devices = s.sorted(Comparator.comparingLong(HwmonScanner::indexOf).thenComparing(Path::toString)).toList();
        }
        int zenSocket = 0;
        int genericSocket = 0;
        for (Path hwmon : devices) {
            Path dir = HwmonScanner.attributeDir(hwmon);
            if (dir == null) {
                continue;
            }
            String name = HwmonScanner.readText(dir.resolve("name"));
            names.add(name);
            String driver = name.toLowerCase(Locale.ROOT).replace('-', '_');
            TreeMap<Integer, Path> energy = new TreeMap<>();
            TreeMap<Integer, Path> power = new TreeMap<>();
            attributes(dir, energy, power);
            switch (driver) {
                case "amd_energy", "zenergy" -> {
                    for (var e : energy.entrySet()) {
                        Matcher m = ESOCKET.matcher(HwmonScanner.label(dir, "energy", e.getKey()));
                        if (m.matches() && HwmonScanner.enabled(dir, "energy", e.getKey())) {
                            out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.ENERGY, e.getValue(), null,
                                    m.group(0), 0), Zone.Domain.PACKAGE, Integer.parseInt(m.group(1))));
                        }
                    }
                }
                case "zenpower" -> {
                    Path core = null;
                    Path soc = null;
                    for (var e : power.entrySet()) {
                        String l = HwmonScanner.label(dir, "power", e.getKey());
                        if (l.equals("SVI2_P_Core")) {
                            core = e.getValue();
                        } else if (l.equals("SVI2_P_SoC")) {
                            soc = e.getValue();
                        }
                    }
                    if (core != null) {
                        int socket = zenSocket++;
                        if (soc != null) {
                            out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.POWER_SUM, core, soc,
                                    "SVI2_P_Core+SVI2_P_SoC", 0), Zone.Domain.PACKAGE, socket));
                        }
                        out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.POWER, core, null, "SVI2_P_Core",
                                0), Zone.Domain.CORE, socket));
                    }
                }
                default -> {
                    String oem = socketMeter(dir);
                    if (!oem.isEmpty()) {
                        grace(hwmon, dir, name, oem, power, out);
                    } else if (platform.roleOf(name) == HwmonDevices.Role.NONE && !GPU_DRIVERS.contains(driver)) {
                        genericSocket = labelled(hwmon, dir, name, energy, power, genericSocket, out);
                    }
                }
            }
        }
        return new Result(List.copyOf(out), List.copyOf(names));
    }

    /**
     * The {@code power1_oem_info} of an ACPI power meter when it names a CPU socket
     * ({@code <Grace|CPU|SysIO|Module> Power Socket N}); empty otherwise.
     */
    static String socketMeter(Path dir) {
        Path oem = dir.resolve("power1_oem_info");
        if (!Files.isRegularFile(oem)) {
            oem = dir.resolve("device").resolve("power1_oem_info");
        }
        if (!Files.isRegularFile(oem)) {
            return "";
        }
        String text = HwmonScanner.readText(oem);
        return GRACE.matcher(text).matches() ? text : "";
    }

    private static void grace(Path hwmon, Path dir, String name, String oem, TreeMap<Integer, Path> power,
                              List<CpuChannel> out) {
        Matcher m = GRACE.matcher(oem);
        if (!m.matches() || !power.containsKey(1)) {
            return;
        }
        Zone.Domain domain = switch (m.group(1)) {
            case "Grace" -> Zone.Domain.PACKAGE;
            case "CPU" -> Zone.Domain.CORE;
            case "SysIO" -> Zone.Domain.UNCORE;
            default -> null; // Module: the GPU is in it
        };
        if (domain == null) {
            return;
        }
        Path file = power.get(1);
        long interval = 0;
        if (file.getFileName().toString().endsWith("_average")) {
            interval = Math.max(0, HwmonScanner.readLong(file.resolveSibling("power1_average_interval")));
        }
        out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.POWER, file, null, oem, interval), domain,
                Integer.parseInt(m.group(2))));
    }

    /** Channels whose label names the CPU or package; returns the next free socket number. */
    private static int labelled(Path hwmon, Path dir, String name, TreeMap<Integer, Path> energy,
                                TreeMap<Integer, Path> power, int next, List<CpuChannel> out) {
        boolean any = false;
        for (var e : energy.entrySet()) {
            String l = HwmonScanner.label(dir, "energy", e.getKey());
            if (namesCpu(l) && HwmonScanner.enabled(dir, "energy", e.getKey())) {
                out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.ENERGY, e.getValue(), null, l, 0),
                        Zone.Domain.PACKAGE, socketOf(l, next)));
                next = Math.max(next, socketOf(l, next) + 1);
                any = true;
            }
        }
        if (any) {
            return next; // energy counters preferred over the same device's power gauges
        }
        for (var e : power.entrySet()) {
            String l = HwmonScanner.label(dir, "power", e.getKey());
            if (namesCpu(l) && HwmonScanner.enabled(dir, "power", e.getKey())) {
                out.add(new CpuChannel(new HwmonChannel(hwmon, name, Kind.POWER, e.getValue(), null, l, 0),
                        Zone.Domain.PACKAGE, socketOf(l, next)));
                next = Math.max(next, socketOf(l, next) + 1);
            }
        }
        return next;
    }

    /** Whether a label names the CPU or package as a word and no GPU. */
    static boolean namesCpu(String label) {
        boolean cpu = false;
        for (String word : label.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            String w = word.replaceAll("\\d+$", "");
            if (w.equals("gpu")) {
                return false;
            }
            cpu |= w.equals("cpu") || w.equals("package") || w.equals("pkg");
        }
        return cpu;
    }

    private static int socketOf(String label, int next) {
        Matcher m = Pattern.compile("(\\d+)\\D*$").matcher(label);
        return m.find() ? Integer.parseInt(m.group(1)) : next;
    }

    private static void attributes(Path dir, TreeMap<Integer, Path> energy, TreeMap<Integer, Path> power)
            throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = ATTR.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int n = Integer.parseInt(m.group(2));
                boolean average = m.group(3).equals("average");
                if (m.group(1).equals("energy")) {
                    if (!average) {
                        energy.put(n, p);
                    }
                } else if (average || !power.containsKey(n)) {
                    power.put(n, p);
                }
            }
        }
    }
}
