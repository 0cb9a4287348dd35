package io.github.energy4j.agent;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command of the {@code energy4j} command line: picocli fills its options and mixins, then {@link #call()} runs
 * it and returns the exit code. A problem with the values found while running (a value out of range, options that
 * conflict, an unreadable root) is a {@link UsageException}; {@link Cli} prints it exactly as it prints picocli's own
 * errors: one line on stderr, exit code 2.
 */
public abstract class CliCommand implements Callable<Integer> {

    /** Where results go. */
    protected PrintStream out = System.out;
    /** Where progress, notes and errors go. */
    protected PrintStream err = System.err;
    /** The environment (provider tokens, {@code AI_URL}, {@code NODE_NAME}). */
    protected Map<String, String> env = System.getenv();

    /** This command's model, with its parse result. */
    @Spec
    protected CommandSpec spec;

    /** Gives the command its streams and environment. */
    final void io(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Parser settings of this command alone; none by default. */
    protected void configure(CommandLine commandLine) {
    }

    /** Whether {@code option} (its longest name) was given on the command line. */
    protected final boolean given(String option) {
        return spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
