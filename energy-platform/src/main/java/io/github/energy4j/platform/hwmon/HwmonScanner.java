package io.github.energy4j.platform.hwmon;

import io.github.energy4j.platform.hwmon.HwmonChannel.Kind;
import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds whole-platform power channels under {@code <sysfs>/class/hwmon} (cold path).
 *
 * <p>Per platform device (see {@link HwmonDevices}) one family of channels is used, in this order:
 * {@code energyN_input} (µJ counters), else {@code powerN_average} or {@code powerN_input} (µW, the
 * average preferred per channel), else {@code inN_input} × {@code currN_input} pairs whose labels
 * name the same rail ({@code vin}/{@code iin}, {@code vout1}/{@code iout1}, or identical labels).
 * Channels with {@code *_enable} = 0 are skipped. When labels mark input and output sides (PSUs
 * report both), only the input side is kept: output power is part of input power. A family labelled
 * output side only (a supply reporting {@code pout1} but {@code vin}/{@code iin} for its input) gives
 * way to the next family that measures the input side. An ACPI power meter whose {@code power1_oem_info}
 * names a CPU socket (NVIDIA Grace's {@code Grace Power Socket 0} and its rails, see
 * {@link HwmonCpuScanner}) measures part of the machine and is not a platform meter.
 */
final class HwmonScanner {

    private static final Pattern ATTR = Pattern.compile("(energy|power|in|curr)(\\d+)_(input|average)");

    /** What a scan found. */
    record Result(List<HwmonChannel> channels, List<String> otherDevices) {
    }

    private HwmonScanner() {
    }

    static Result scan(Path sysfs, HwmonDevices rule) throws IOException {
        Path classDir = sysfs.resolve("class").resolve("hwmon");
        List<HwmonChannel> meters = new ArrayList<>();
        List<HwmonChannel> supplies = new ArrayList<>();
        List<String> others = new ArrayList<>();
        if (!Files.isDirectory(classDir)) {
            return new Result(List.of(), List.of());
        }
        List<Path> devices;
        try (Stream<Path> s = Files.list(classDir)) {
            devices = s.sorted(Comparator.comparingLong(HwmonScanner::indexOf)
                    .thenComparing(Path::toString)).toList();
        }
        for (Path hwmon : devices) {
            Path dir = attributeDir(hwmon);
            if (dir == null) {
                continue;
            }
            String name = readText(dir.resolve("name"));
            HwmonDevices.Role role = rule.roleOf(name);
            if (role == HwmonDevices.Role.NONE) {
                others.add(name);
                continue;
            }
            String socket = HwmonCpuScanner.socketMeter(dir);
            if (role == HwmonDevices.Role.METER && !socket.isEmpty()) {
                others.add(name + " (" + socket + ")"); // NVIDIA Grace: a CPU socket's meter, not the machine's
                continue;
            }
            List<HwmonChannel> found = channelsOf(hwmon, dir, name);
            (role == HwmonDevices.Role.METER ? meters : supplies).addAll(found);
        }
        return new Result(List.copyOf(meters.isEmpty() ? supplies : meters), List.copyOf(others));
    }

    /** The directory holding {@code name}: the hwmon dir itself or, on old drivers, its {@code device}. */
    static Path attributeDir(Path hwmon) {
        if (Files.isRegularFile(hwmon.resolve("name"))) {
            return hwmon;
        }
        Path dev = hwmon.resolve("device");
        return Files.isRegularFile(dev.resolve("name")) ? dev : null;
    }

    static List<HwmonChannel> channelsOf(Path hwmon, Path dir, String name) throws IOException {
        TreeMap<Integer, Path> energy = new TreeMap<>();
        TreeMap<Integer, Path> power = new TreeMap<>();
        TreeMap<Integer, Path> volts = new TreeMap<>();
        TreeMap<Integer, Path> amps = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = ATTR.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int n = Integer.parseInt(m.group(2));
                boolean average = m.group(3).equals("average");
                switch (m.group(1)) {
                    case "energy" -> {
                        if (!average) {
                            energy.put(n, p);
                        }
                    }
                    case "power" -> {
                        if (average || !power.containsKey(n)) {
                            power.put(n, p);
                        }
                    }
                    case "in" -> {
                        if (!average) {
                            volts.put(n, p);
                        }
                    }
                    default -> {
                        if (!average) {
                            amps.put(n, p);
                        }
                    }
                }
            }
        }
        List<HwmonChannel> energyChannels = new ArrayList<>();
        for (var e : energy.entrySet()) {
            if (enabled(dir, "energy", e.getKey())) {
                energyChannels.add(new HwmonChannel(hwmon, name, Kind.ENERGY, e.getValue(), null,
                        label(dir, "energy", e.getKey()), 0));
            }
        }
        List<HwmonChannel> powerChannels = new ArrayList<>();
        for (var e : power.entrySet()) {
            if (enabled(dir, "power", e.getKey())) {
                long interval = 0;
                if (e.getValue().getFileName().toString().endsWith("_average")) {
                    interval = Math.max(0, readLong(dir.resolve("power" + e.getKey() + "_average_interval")));
                }
                powerChannels.add(new HwmonChannel(hwmon, name, Kind.POWER, e.getValue(), null,
                        label(dir, "power", e.getKey()), interval));
            }
        }
        List<HwmonChannel> pairs = new ArrayList<>();
        for (var v : volts.entrySet()) {
            String vLabel = label(dir, "in", v.getKey());
            if (vLabel.isEmpty() || !enabled(dir, "in", v.getKey())) {
                continue;
            }
            for (var a : amps.entrySet()) {
                String aLabel = label(dir, "curr", a.getKey());
                if (!aLabel.isEmpty() && railOf(vLabel).equals(railOf(aLabel)) && enabled(dir, "curr", a.getKey())) {
                    pairs.add(new HwmonChannel(hwmon, name, Kind.VOLTAGE_CURRENT, v.getValue(), a.getValue(),
                            vLabel, 0));
                    break;
                }
            }
        }
        return choose(List.of(energyChannels, powerChannels, pairs));
    }

    /**
     * The first family (energy, power, V×I) with channels, input side only when it has any. A family
     * whose channels are all labelled as output side ({@code pout1}, {@code eout}) is passed over when
     * a later family measures the input side: output power leaves out the supply's own losses.
     */
    private static List<HwmonChannel> choose(List<List<HwmonChannel>> families) {
        List<HwmonChannel> outputOnly = null;
        for (List<HwmonChannel> family : families) {
            if (family.isEmpty()) {
                continue;
            }
            List<HwmonChannel> inputs = inputSide(family);
            if (!inputs.isEmpty()) {
                return inputs;
            }
            if (!allOutputSide(family)) {
                return family;
            }
            if (outputOnly == null) {
                outputOnly = family;
            }
        }
        return outputOnly == null ? List.of() : outputOnly;
    }

    private static boolean allOutputSide(List<HwmonChannel> channels) {
        for (HwmonChannel c : channels) {
            if (!railOf(c.label()).startsWith("out")) {
                return false;
            }
        }
        return true;
    }

    /** The input-side channels ({@code pin}, {@code vin}, {@code ein}); output power is part of input power. */
    private static List<HwmonChannel> inputSide(List<HwmonChannel> channels) {
        List<HwmonChannel> inputs = new ArrayList<>();
        for (HwmonChannel c : channels) {
            if (railOf(c.label()).startsWith("in")) {
                inputs.add(c);
            }
        }
        return inputs;
    }

    /**
     * The rail a label names, without its quantity letter: {@code vin}, {@code iin}, {@code pin} and
     * {@code ein} give {@code in}; {@code vout1}/{@code iout1} give {@code out1}; others stay as they are.
     */
    static String railOf(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (l.length() > 2 && "vipe".indexOf(l.charAt(0)) >= 0 && (l.startsWith("in", 1) || l.startsWith("out", 1))) {
            return l.substring(1);
        }
        return l;
    }

    static boolean enabled(Path dir, String prefix, int n) {
        Path p = dir.resolve(prefix + n + "_enable");
        return !Files.exists(p) || readLong(p) != 0;
    }

    static String label(Path dir, String prefix, int n) {
        Path p = dir.resolve(prefix + n + "_label");
        return Files.isRegularFile(p) ? readText(p) : "";
    }

    static String readText(Path p) {
        String t = KernelFile.text(p);
        return t == null ? "" : t;
    }

    /** The value of a small integer attribute, or a negative value when absent or unreadable. */
    static long readLong(Path p) {
        return KernelFile.decimal(p);
    }

    static long indexOf(Path hwmon) {
        String n = hwmon.getFileName().toString();
        int i = n.length();
        while (i > 0 && Character.isDigit(n.charAt(i - 1))) {
            i--;
        }
        return i < n.length() && n.length() - i < 10 ? Long.parseLong(n.substring(i)) : Long.MAX_VALUE;
    }
}
