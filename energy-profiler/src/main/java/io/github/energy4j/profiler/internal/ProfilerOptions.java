package io.github.energy4j.profiler.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The profiler's settings, parsed from the agent's option string ({@code -javaagent:energy4j-profiler.jar=OPTIONS},
 * or the options of a dynamic attach): comma-separated {@code key=value} pairs, validated once by
 * {@link #parse(String)}. Immutable.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>default</th><th>values</th></tr>
 *   <tr><td>interval</td><td>20ms</td><td>JFR sampling period, 1ms to 1s, whole milliseconds</td></tr>
 *   <tr><td>output</td><td>energy4j-profile.html</td><td>the HTML flame graph; the other files are named after it</td></tr>
 *   <tr><td>collapsed</td><td>output without .html, plus .collapsedstack.txt</td><td>collapsed stacks in mJ</td></tr>
 *   <tr><td>json</td><td>output without .html, plus .json</td><td>top-N method table</td></tr>
 *   <tr><td>csv</td><td>output without .html, plus .csv</td><td>top-N method table</td></tr>
 *   <tr><td>top</td><td>100</td><td>rows of the method tables, 1 to 1000000</td></tr>
 *   <tr><td>duration</td><td>until the JVM exits</td><td>stop after this long and write the files, 1s to 30d</td></tr>
 *   <tr><td>window</td><td>1s</td><td>attribution window (one meter sample each), 100ms to 10s, at least the interval</td></tr>
 *   <tr><td>native</td><td>true</td><td>also sample threads in native code ({@code jdk.NativeMethodSample})</td></tr>
 *   <tr><td>source</td><td>automatic</td><td>a power source id to force ({@code rapl}, {@code model}); repeatable</td></tr>
 * </table>
 *
 * <p>Values cannot contain a comma: it separates the options.
 *
 * @param interval      JFR sampling period of {@code jdk.ExecutionSample} (and {@code jdk.NativeMethodSample})
 * @param window        how often the meter is sampled; each window's energy is split over its samples
 * @param duration      how long to profile; {@link Duration#ZERO} for until the JVM exits
 * @param output        the HTML flame graph
 * @param collapsed     the collapsed stacks ({@code frame;frame;frame mJ} lines)
 * @param json          the JSON method table
 * @param csv           the CSV method table
 * @param top           rows of the method tables
 * @param nativeSamples whether threads in native methods are sampled too
 * @param sources       power source ids to force, in preference order; empty for the meter's own choice
 */
public record ProfilerOptions(Duration interval, Duration window, Duration duration, Path output, Path collapsed,
                              Path json, Path csv, int top, boolean nativeSamples, List<String> sources) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
    public static final String DEFAULT_OUTPUT = "energy4j-profile.html";
    public static final int DEFAULT_TOP = 100;

    static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(1);
    static final Duration MIN_WINDOW = Duration.ofMillis(100);
    static final Duration MAX_WINDOW = Duration.ofSeconds(10);
    static final Duration MIN_DURATION = Duration.ofSeconds(1);
    static final Duration MAX_DURATION = Duration.ofDays(30);

    private static final List<String> KEYS = List.of("collapsed", "csv", "duration", "interval", "json", "native",
            "output", "source", "top", "window");

    public ProfilerOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(collapsed, "collapsed");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(csv, "csv");
        sources = List.copyOf(sources);
    }

    /** The defaults: what an empty option string gives. */
    public static ProfilerOptions defaults() {
        return parse("");
    }

    /**
     * Parses an agent option string.
     *
     * @param options {@code key=value[,key=value...]}; null or blank for the defaults
     * @return the validated settings
     * @throws IllegalArgumentException with one line naming the option, what is wrong and an example of a valid
     *                                  value
     */
    public static ProfilerOptions parse(String options) {
        Duration interval = DEFAULT_INTERVAL;
        Duration window = DEFAULT_WINDOW;
        Duration duration = Duration.ZERO;
        Path output = null;
        Path collapsed = null;
        Path json = null;
        Path csv = null;
        int top = DEFAULT_TOP;
        boolean nativeSamples = true;
        List<String> sources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (options != null && !options.isBlank()) {
            for (String pair : options.split(",", -1)) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("empty option in '" + options + "' (options are key=value "
                            + "pairs separated by single commas, e.g. interval=10ms,output=energy.html)");
                }
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown option '" + key + "' (known: " + String.join(", ", KEYS)
                            + ")");
                }
                if (eq < 0 || p.substring(eq + 1).isBlank()) {
                    throw new IllegalArgumentException("option '" + key + "' needs a value, e.g. " + example(key));
                }
                String value = p.substring(eq + 1).strip();
                if (!key.equals("source") && !seen.add(key)) {
                    throw new IllegalArgumentException("option '" + key + "' is given twice");
                }
                switch (key) {
                    case "interval":
                        interval = duration(key, value, MIN_INTERVAL, MAX_INTERVAL);
                        break;
                    case "window":
                        window = duration(key, value, MIN_WINDOW, MAX_WINDOW);
                        break;
                    case "duration":
                        duration = duration(key, value, MIN_DURATION, MAX_DURATION);
                        break;
                    case "output":
                        output = path(key, value);
                        break;
                    case "collapsed":
                        collapsed = path(key, value);
                        break;
                    case "json":
                        json = path(key, value);
                        break;
                    case "csv":
                        csv = path(key, value);
                        break;
                    case "top":
                        top = integer(key, value, 1, 1_000_000);
                        break;
                    case "native":
                        nativeSamples = bool(key, value);
                        break;
                    default: // source
                        if (!value.matches("[A-Za-z0-9._-]+")) {
                            throw new IllegalArgumentException("source='" + value + "' is not a source id (e.g. "
                                    + example(key) + "; 'energy4j doctor' lists them)");
                        }
                        sources.add(value);
                        break;
                }
            }
        }
        if (window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("window=" + format(window) + " is shorter than interval="
                    + format(interval) + ": each window needs samples (e.g. window=1s)");
        }
        if (output == null) {
            output = Path.of(DEFAULT_OUTPUT);
        }
        return new ProfilerOptions(interval, window, duration, output,
                collapsed != null ? collapsed : sibling(output, ".collapsedstack.txt"),
                json != null ? json : sibling(output, ".json"), csv != null ? csv : sibling(output, ".csv"), top,
                nativeSamples, sources);
    }

    /**
     * These settings as an option string that {@link #parse(String)} reads back to equal settings.
     *
     * @throws IllegalArgumentException when a path contains a comma, which the option string cannot carry
     */
    public String toAgentArgs() {
        StringBuilder b = new StringBuilder();
        b.append("interval=").append(format(interval)).append(",window=").append(format(window));
        if (!duration.isZero()) {
            b.append(",duration=").append(format(duration));
        }
        b.append(",output=").append(commaFree("output", output)).append(",collapsed=")
                .append(commaFree("collapsed", collapsed)).append(",json=").append(commaFree("json", json))
                .append(",csv=").append(commaFree("csv", csv)).append(",top=").append(top).append(",native=")
                .append(nativeSamples);
        for (String s : sources) {
            b.append(",source=").append(s);
        }
        return b.toString();
    }

    /** The same settings with every path made absolute against {@code base} (a dynamic attach's working directory). */
    public ProfilerOptions resolvedAgainst(Path base) {
        return new ProfilerOptions(interval, window, duration, base.resolve(output).normalize(),
                base.resolve(collapsed).normalize(), base.resolve(json).normalize(), base.resolve(csv).normalize(), top,
                nativeSamples, sources);
    }

    /** The four output files, the HTML last (it is written last: its presence means the others are complete). */
    public List<Path> outputs() {
        return List.of(collapsed, json, csv, output);
    }

    /** {@code 10ms}, {@code 2s}: the form {@link #parse(String)} reads. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 30d} (decimals allowed) to whole
     * milliseconds.
     *
     * @throws IllegalArgumentException naming {@code key} when the value is no such duration
     */
    static Duration parseDuration(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unitMillis;
        String number;
        if (v.endsWith("ms")) {
            unitMillis = 1;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unitMillis = 1000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unitMillis = 60_000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unitMillis = 3_600_000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("d")) {
            unitMillis = 86_400_000;
            number = v.substring(0, v.length() - 1);
        } else {
            throw notDuration(key, value);
        }
        if (!number.matches("[0-9]+(\\.[0-9]+)?")) {
            throw notDuration(key, value);
        }
        double millis = Double.parseDouble(number) * unitMillis;
        if (millis > 1e15 || millis != Math.rint(millis)) {
            throw new IllegalArgumentException(key + "=" + value + " is not a whole number of milliseconds (e.g. "
                    + example(key) + ")");
        }
        return Duration.ofMillis((long) millis);
    }

    private static IllegalArgumentException notDuration(String key, String value) {
        return new IllegalArgumentException(key + "=" + value + " is not a duration (e.g. 500ms, 10s, 5m; "
                + example(key) + ")");
    }

    private static Duration duration(String key, String value, Duration min, Duration max) {
        Duration d = parseDuration(key, value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + "=" + value + " is out of range: use " + format(min) + " to "
                    + (max.toDays() > 1 ? max.toDays() + "d" : format(max)) + " (e.g. " + example(key) + ")");
        }
        return d;
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a file path (" + e.getReason() + ")");
        }
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int i = Integer.parseInt(value);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(key + "=" + value + " must be a whole number from " + min + " to " + max
                + " (e.g. " + example(key) + ")");
    }

    private static boolean bool(String key, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(key + "=" + value + " must be true or false");
        }
    }

    private static String commaFree(String key, Path p) {
        String s = p.toString();
        if (s.indexOf(',') >= 0) {
            throw new IllegalArgumentException(key + " path '" + s + "' contains a comma, which separates the agent's "
                    + "options; choose a path without one");
        }
        return s;
    }

    /** {@code dir/energy.html} to {@code dir/energy<suffix>}; a name without .html keeps its full name. */
    static Path sibling(Path output, String suffix) {
        String name = output.getFileName() == null ? DEFAULT_OUTPUT : output.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".html") ? name.substring(0, name.length() - 5)
                : lower.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return output.resolveSibling(base + suffix);
    }

    private static String example(String key) {
        switch (key) {
            case "interval":
                return "interval=10ms";
            case "window":
                return "window=1s";
            case "duration":
                return "duration=30s";
            case "top":
                return "top=100";
            case "native":
                return "native=false";
            case "source":
                return "source=rapl";
            default:
                return key + "=energy" + (key.equals("output") ? ".html" : key.equals("collapsed")
                        ? ".collapsedstack.txt" : "." + key);
        }
    }
}
