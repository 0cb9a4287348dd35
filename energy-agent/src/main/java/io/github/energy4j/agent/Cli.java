package io.github.energy4j.agent;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The parser settings and the error path of the {@code energy4j} command line. Every usage error, picocli's (unknown
 * option, missing value, bad value, unknown command, missing required option) and the commands' own
 * ({@link UsageException}: a value out of range, options that conflict, an unusable input), prints one line on
 * stderr, {@code energy4j COMMAND: MESSAGE}, and exits with code 2. Any other failure prints
 * {@code energy4j COMMAND: EXCEPTION} and exits with code 1, with its stack trace when {@code ENERGY4J_DEBUG} is set.
 */
public final class Cli {

    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /** Exit code of any other failure. */
    public static final int FAILURE = 1;

    private Cli() {
    }

    /**
     * A command line over {@code command} (the {@code energy4j} command, or one subcommand on its own) and its
     * subcommands: {@link DurationConverter} for every {@link Duration}, a repeated option's last value wins (the
     * Kepler translation puts the user's own options last for that), no {@code @file} expansion, plain help text.
     */
    static CommandLine commandLine(Object command, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cl = new CommandLine(command);
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.setOverwrittenOptionsAllowed(true);
        cl.setExpandAtFiles(false);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setUsageHelpWidth(100);
        cl.setOut(writer(out));
        cl.setErr(writer(err));
        cl.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine().getCommandSpec().qualifiedName(),
                message(e, args), err));
        cl.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof UsageException) {
                return usageError(failed.getCommandSpec().qualifiedName(), e.getMessage(), err);
            }
            return failure(failed.getCommandSpec().qualifiedName(), e, err, env);
        });
        setUp(cl, out, err, env);
        return cl;
    }

    private static void setUp(CommandLine cl, PrintStream out, PrintStream err, Map<String, String> env) {
        if (cl.getCommand() instanceof CliCommand c) {
            c.io(out, err, env);
            c.configure(cl);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            setUp(sub, out, err, env);
        }
    }

    /**
     * Fills the options of {@code command} (a subcommand on its own, or a mixin) from {@code args} as {@code energy4j}
     * would, for callers that start a command themselves.
     *
     * @throws UsageException with the one-line message a bad option gives on the command line
     */
    public static <T> T parse(T command, List<String> args) {
        CommandLine cl = commandLine(command, System.out, System.err, System.getenv());
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageException(message(e, args.toArray(String[]::new)));
        }
        return command;
    }

    /** Prints {@code name: message} on one line; returns {@link #USAGE}. */
    static int usageError(String name, String message, PrintStream err) {
        err.println(name + ": " + String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " "));
        return USAGE;
    }

    /** Prints {@code name: e} on one line (and the stack trace when {@code ENERGY4J_DEBUG} is set); returns 1. */
    static int failure(String name, Throwable e, PrintStream err, Map<String, String> env) {
        err.println(name + ": " + e);
        if (env.get("ENERGY4J_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return FAILURE;
    }

    /** One line for a parse error, in the words the commands' own errors use. */
    static String message(ParameterException e, String[] args) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            List<String> suggestions = u.getSuggestions();
            String first = u.getUnmatched().get(0);
            if (u.isUnknownOption()) {
                String option = u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(first);
                return "unknown option '" + option + "'" + (suggestions.isEmpty() ? ""
                        : "; did you mean " + suggestions.get(0) + "?") + " (options: "
                        + String.join(", ", optionNames(spec)) + ")";
            }
            if (!spec.subcommands().isEmpty() && spec.parent() == null) {
                return "unknown command '" + first + "'; commands: " + String.join(", ", spec.subcommands().keySet())
                        + " (see " + spec.qualifiedName() + " --help)";
            }
            return "unexpected argument '" + first + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (ArgSpec a : m.getMissing()) {
                if (a instanceof OptionSpec o && isGiven(o, args)) {
                    parts.add(o.longestName() + " needs a value");
                } else if (a instanceof OptionSpec o) {
                    parts.add(o.longestName() + " " + o.paramLabel() + " is required"
                            + (o.description().length == 0 ? "" : ": " + o.description()[0]));
                }
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        }
        String text = String.valueOf(e.getMessage());
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    private static boolean isGiven(OptionSpec o, String[] args) {
        for (String a : args) {
            for (String name : o.names()) {
                if (a.equals(name) || a.startsWith(name + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The longest name of each visible option, sorted. */
    static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.add(o.longestName());
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * {@code value}, lower-cased, when it is one of {@code allowed}.
     *
     * @throws UsageException {@code OPTION must be one of A, B, was 'V'}
     */
    public static String choice(String option, String value, String... allowed) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException(option + " must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
    }

    /**
     * {@code value} when it lies in {@code [min, max]}.
     *
     * @throws UsageException {@code OPTION must be an integer from MIN to MAX, was 'V'}
     */
    public static int range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be an integer from " + min + " to " + max + ", was '" + value
                    + "'");
        }
        return value;
    }

    /** A writer that hands picocli's help text to {@code s} in {@code s}'s own encoding. */
    private static PrintWriter writer(PrintStream s) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                s.print(new String(buf, off, len));
            }

            @Override
            public void flush() {
                s.flush();
            }

            @Override
            public void close() {
                s.flush();
            }
        }, true);
    }
}
