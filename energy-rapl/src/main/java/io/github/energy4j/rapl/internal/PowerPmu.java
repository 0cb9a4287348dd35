package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.spi.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RAPL {@code power} PMU as sysfs describes it under {@code <sysfs>/bus/event_source/devices/power}:
 * {@code type} (the number for {@code perf_event_attr.type}), {@code cpumask} (one CPU per package, or per die on
 * multi-die parts: the CPU each counter is opened on), and per event {@code events/<event>} ({@code event=0x02}),
 * {@code events/<event>.scale} (joules per count, {@code 2.3283064365386962890625e-10}) and
 * {@code events/<event>.unit} ({@code Joules}). The file formats are the kernel's ABI
 * {@code Documentation/ABI/testing/sysfs-bus-event_source-devices-events}: an event file holds
 * {@code <term>[=<value>][,<term>[=<value>]]...} with values in lowercase hexadecimal with a {@code 0x} prefix, and
 * each term is defined by {@code format/<term>} ({@code config:0-7}: the bits of {@code perf_event_attr.config}).
 *
 * <p>The events the RAPL PMU publishes ({@code arch/x86/events/rapl.c}): {@code energy-cores} (PP0),
 * {@code energy-pkg}, {@code energy-ram}, {@code energy-gpu} (PP1, reported as uncore) and {@code energy-psys}.
 * Parsing ({@link #parseEvent}, {@link #parseCpuList}, {@link #parseScale}) is pure; {@link #scan} reads the files.
 */
public final class PowerPmu {

    /** Where the PMU lives below sysfs. */
    public static final String DIR = "bus/event_source/devices/power";

    /**
     * One event the PMU offers.
     *
     * @param name   file name, {@code energy-pkg}
     * @param domain what it measures
     * @param config the value for {@code perf_event_attr.config}
     * @param scale  joules per count ({@code .scale}), > 0
     */
    public record Event(String name, Zone.Domain domain, long config, double scale) {
    }

    /**
     * What discovery found.
     *
     * @param type   {@code perf_event_attr.type}, or -1 when there is no usable PMU
     * @param cpus   the CPUs of {@code cpumask}, ascending
     * @param events usable events in domain order
     * @param notes  events left out and why; or, when {@code type} is -1, why there is no PMU
     */
    public record Found(int type, int[] cpus, List<Event> events, List<String> notes) {

        /** Whether there is something to open. */
        public boolean usable() {
            return type >= 0 && cpus.length > 0 && !events.isEmpty();
        }
    }

    private PowerPmu() {
    }

    /** The domain of a RAPL event name, or null for names that are not RAPL energy events. */
    public static Zone.Domain domainOf(String event) {
        return switch (event) {
            case "energy-pkg" -> Zone.Domain.PACKAGE;
            case "energy-cores" -> Zone.Domain.CORE;
            case "energy-gpu" -> Zone.Domain.UNCORE;
            case "energy-ram" -> Zone.Domain.DRAM;
            case "energy-psys" -> Zone.Domain.PSYS;
            default -> null;
        };
    }

    /**
     * The config value of an event file such as {@code event=0x02\n}.
     *
     * @param text       the file content
     * @param eventShift the low bit of the {@code event} term in {@code config} (from {@code format/event})
     * @return the config, or -1 when the text is not one {@code event=0x..} term (other terms, such as
     *         {@code umask}, are not used by the power PMU and make the event unusable for us)
     */
    public static long parseEvent(String text, int eventShift) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.startsWith("event=") || t.indexOf(',') >= 0) {
            return -1;
        }
        long v = parseNumber(t.substring("event=".length()));
        return v < 0 || eventShift < 0 || eventShift > 56 ? -1 : v << eventShift;
    }

    /** The low bit of {@code config:LO-HI} or {@code config:BIT}, 0 for missing text, -1 for another field. */
    public static int parseFormatShift(String text) {
        if (text == null) {
            return 0;
        }
        String t = text.trim();
        if (!t.startsWith("config:")) {
            return -1;
        }
        String range = t.substring("config:".length());
        int dash = range.indexOf('-');
        long lo = parseNumber(dash < 0 ? range : range.substring(0, dash));
        return lo < 0 || lo > 63 ? -1 : (int) lo;
    }

    /** A {@code .scale} value: a positive finite decimal, else NaN. */
    public static double parseScale(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(text.trim());
            return d > 0 && Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * A kernel CPU list ({@code 0}, {@code 0,28}, {@code 0-3,8}) as ascending CPUs; empty for anything else.
     * Format: {@code bitmap_print_to_pagebuf} with {@code list=true} ({@code lib/bitmap.c}).
     */
    public static int[] parseCpuList(String text) {
        if (text == null) {
            return new int[0];
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        List<Integer> out = new ArrayList<>();
        for (String part : t.split(",")) {
            int dash = part.indexOf('-');
            long lo = parseNumber(dash < 0 ? part : part.substring(0, dash));
            long hi = dash < 0 ? lo : parseNumber(part.substring(dash + 1));
            if (lo < 0 || hi < lo || hi > 65535 || out.size() + (hi - lo) > 65536) {
                return new int[0];
            }
            for (long c = lo; c <= hi; c++) {
                out.add((int) c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    /** Reads the PMU under {@code sysfs}. Never throws. */
    public static Found scan(Path sysfs) {
        Path dir = sysfs.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return new Found(-1, new int[0], List.of(), List.of("no RAPL perf PMU at " + dir));
        }
        long type = KernelFile.decimal(dir.resolve("type"));
        if (type < 0 || type > Integer.MAX_VALUE) {
            return new Found(-1, new int[0], List.of(), List.of(dir.resolve("type") + " is missing or not a number"));
        }
        int[] cpus = parseCpuList(KernelFile.text(dir.resolve("cpumask")));
        if (cpus.length == 0) {
            return new Found(-1, new int[0], List.of(), List.of(dir.resolve("cpumask") + " lists no CPU"));
        }
        int shift = parseFormatShift(KernelFile.text(dir.resolve("format/event")));
        List<Event> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : new String[] {"energy-pkg", "energy-cores", "energy-gpu", "energy-ram", "energy-psys"}) {
            Path file = dir.resolve("events").resolve(name);
            String spec = KernelFile.text(file);
            if (spec == null) {
                continue; // this CPU has no such domain
            }
            long config = parseEvent(spec, shift);
            double scale = parseScale(KernelFile.text(dir.resolve("events").resolve(name + ".scale")));
            String unit = KernelFile.text(dir.resolve("events").resolve(name + ".unit"));
            if (config < 0) {
                notes.add(name + ": cannot use event '" + spec + "' (format/event: "
                        + KernelFile.text(dir.resolve("format/event")) + ")");
            } else if (Double.isNaN(scale)) {
                notes.add(name + ": " + name + ".scale is missing or not a positive number");
            } else if (unit != null && !unit.equalsIgnoreCase("joules")) {
                notes.add(name + ": unit is '" + unit + "', not Joules");
            } else {
                events.add(new Event(name, domainOf(name), config, scale));
            }
        }
        events.sort((a, b) -> Integer.compare(a.domain().ordinal(), b.domain().ordinal()));
        return new Found((int) type, cpus, List.copyOf(events), List.copyOf(notes));
    }

    private static long parseNumber(String s) {
        String t = s.trim();
        int radix = 10;
        if (t.startsWith("0x")) {
            t = t.substring(2);
            radix = 16;
        }
        if (t.isEmpty() || t.length() > 15) {
            return -1;
        }
        try {
            long v = Long.parseLong(t, radix);
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
