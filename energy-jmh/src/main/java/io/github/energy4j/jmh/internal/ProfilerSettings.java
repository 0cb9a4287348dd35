package io.github.energy4j.jmh.internal;

import io.github.energy4j.IdlePolicy;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import joptsimple.OptionDescriptor;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.openjdk.jmh.profile.ProfilerException;

/**
 * The profiler's options, from the text after the colon of {@code -prof io.github.energy4j.jmh.EnergyProfiler:...}:
 * {@code key=value} pairs separated by {@code ;}, parsed with JOpt Simple as JMH's own profilers do.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>values</th></tr>
 *   <tr><td>{@code sources}</td><td>automatic: the best readable source per group</td>
 *       <td>provider ids, comma-separated ({@code rapl}, {@code model}, ...); one that cannot be used fails the
 *       benchmark with its reason and remedy</td></tr>
 *   <tr><td>{@code idle}</td><td>{@code auto}</td>
 *       <td>{@code auto}, {@code none}, {@code min-observed} or watts</td></tr>
 *   <tr><td>{@code interval}</td><td>1000</td><td>background sampling interval in ms, 10 to 3 600 000</td></tr>
 *   <tr><td>{@code calibration}</td><td>1000</td><td>ms of quiet before the first iteration from which
 *       {@code min-observed} learns the idle power, 0 to 60 000 (0: none)</td></tr>
 *   <tr><td>{@code unit}</td><td>{@code J}</td><td>unit of the per-operation result: {@code J}, {@code mJ},
 *       {@code uJ}, {@code nJ}</td></tr>
 * </table>
 *
 * @param sources     provider ids to force, empty for the automatic choice
 * @param idle        the idle policy (idle energy is not the benchmark's)
 * @param interval    the background sampler's interval
 * @param calibration quiet time before the first iteration when an idle power must be learned
 * @param unit        unit of the per-operation result
 */
public record ProfilerSettings(List<String> sources, IdlePolicy idle, Duration interval, Duration calibration,
                               EnergyUnit unit) {

    /** The settings without options. */
    public static final ProfilerSettings DEFAULTS = new ProfilerSettings(List.of(), IdlePolicy.auto(),
            Duration.ofSeconds(1), Duration.ofSeconds(1), EnergyUnit.J);

    public ProfilerSettings {
        sources = List.copyOf(sources);
    }

    /**
     * Parses JMH's init line of the profiler.
     *
     * @param initLine the options, {@code ""} or {@code null} for none
     * @return the validated settings
     * @throws ProfilerException naming the bad option and its allowed values, with the option help; also for
     *                           {@code help}, whose message is the help
     */
    public static ProfilerSettings parse(String initLine) throws ProfilerException {
        if (initLine == null || initLine.isBlank()) {
            return DEFAULTS;
        }
        OptionParser parser = new OptionParser();
        parser.formatHelpWith(ProfilerSettings::formatHelp);
        OptionSpec<String> sourcesOpt = parser.accepts("sources", "Power sources to use instead of the automatic "
                        + "choice; a source that cannot be used on this host fails the benchmark with its reason.")
                .withRequiredArg().describedAs("id[,id]");
        OptionSpec<String> idleOpt = parser.accepts("idle", "Idle policy: the energy a zone draws doing nothing, "
                        + "which is not the benchmark's.")
                .withRequiredArg().describedAs("auto|none|min-observed|watts").defaultsTo("auto");
        OptionSpec<Integer> intervalOpt = parser.accepts("interval", "Background sampling interval; the "
                        + "iteration boundaries are always sampled.")
                .withRequiredArg().ofType(Integer.class).describedAs("ms").defaultsTo(1000);
        OptionSpec<Integer> calibrationOpt = parser.accepts("calibration", "Quiet time before the first iteration "
                        + "from which min-observed learns the idle power (0: none).")
                .withRequiredArg().ofType(Integer.class).describedAs("ms").defaultsTo(1000);
        OptionSpec<String> unitOpt = parser.accepts("unit", "Unit of the per-operation result (JMH's text output "
                        + "shows values under 0.0005 as a power of ten).")
                .withRequiredArg().describedAs("J|mJ|uJ|nJ").defaultsTo("J");
        parser.accepts("help", "Display help.");

        // every pair becomes a long option, as JMH's own profilers read their init lines
        List<String> prefixed = new ArrayList<>();
        for (String a : initLine.split(";")) {
            if (!a.isBlank()) {
                prefixed.add("--" + a.trim());
            }
        }
        OptionSet set;
        try {
            set = parser.parse(prefixed.toArray(new String[0]));
        } catch (OptionException e) {
            throw new ProfilerException(e.getMessage() + " in '" + initLine + "'\n" + help(parser));
        }
        if (set.has("help")) {
            throw new ProfilerException(help(parser));
        }
        List<String> sources = new ArrayList<>();
        for (String s : set.has(sourcesOpt) ? set.valueOf(sourcesOpt).split(",", -1) : new String[0]) {
            if (s.isBlank()) {
                throw new ProfilerException("sources: an empty source id in '" + initLine
                        + "'; give provider ids such as rapl or model, comma-separated");
            }
            sources.add(s.trim());
        }
        IdlePolicy idle;
        try {
            idle = IdlePolicy.parse(set.valueOf(idleOpt));
        } catch (IllegalArgumentException e) {
            throw new ProfilerException("idle: " + e.getMessage());
        }
        int interval = set.valueOf(intervalOpt);
        if (interval < 10 || interval > 3_600_000) {
            throw new ProfilerException("interval must be between 10 and 3600000 ms, was " + interval);
        }
        int calibration = set.valueOf(calibrationOpt);
        if (calibration < 0 || calibration > 60_000) {
            throw new ProfilerException("calibration must be between 0 and 60000 ms, was " + calibration);
        }
        EnergyUnit unit;
        try {
            unit = EnergyUnit.parse(set.valueOf(unitOpt));
        } catch (IllegalArgumentException e) {
            throw new ProfilerException("unit: " + e.getMessage());
        }
        return new ProfilerSettings(sources, idle, Duration.ofMillis(interval), Duration.ofMillis(calibration),
                unit);
    }

    /**
     * A text equal for equal metering settings, to share one meter per distinct setting in a JVM; the unit is not
     * one.
     */
    public String meterKey() {
        return "sources=" + String.join(",", sources) + ";idle=" + idle + ";interval=" + interval.toMillis()
                + ";calibration=" + calibration.toMillis();
    }

    /** One line per option as it is written in the init line: {@code idle=<auto|none|...>  what (default: auto)}. */
    private static String formatHelp(Map<String, ? extends OptionDescriptor> options) {
        StringBuilder sb = new StringBuilder();
        Set<OptionDescriptor> seen = new HashSet<>();
        for (OptionDescriptor d : options.values()) {
            if (d.representsNonOptions() || !seen.add(d)) {
                continue;
            }
            String syntax = d.options().get(0) + (d.acceptsArguments() ? "=<" + d.argumentDescription() + ">" : "");
            sb.append("  ").append(syntax);
            sb.append(" ".repeat(Math.max(1, 40 - syntax.length()))).append(d.description());
            if (!d.defaultValues().isEmpty()) {
                sb.append(" (default: ").append(d.defaultValues().get(0)).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String help(OptionParser parser) {
        StringWriter w = new StringWriter();
        w.append("Options of io.github.energy4j.jmh.EnergyProfiler (-prof io.github.energy4j.jmh.EnergyProfiler:"
                + "key=value;key=value):\n");
        try {
            parser.printHelpOn(w);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not throw
        }
        return w.toString();
    }
}
