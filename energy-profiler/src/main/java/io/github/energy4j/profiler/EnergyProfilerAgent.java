package io.github.energy4j.profiler;

import io.github.energy4j.profiler.internal.ProfilerOptions;
import io.github.energy4j.profiler.internal.ProfilerSession;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The energy profiler's agent entry points: attributes this JVM's energy to methods and call paths from JFR's stack
 * samples and writes an energy flame graph, collapsed stacks and method tables.
 * <pre>{@code
 * java -javaagent:energy4j-profiler.jar=interval=10ms,output=energy.html -jar app.jar
 * energy4j profile --pid 4242 --duration 30s --output energy.html     # a running JVM, through the attach API
 * }</pre>
 *
 * <p>Options are {@code key=value} pairs separated by commas (see {@code ProfilerOptions} in the README): interval,
 * output, collapsed, json, csv, top, duration, window, native, source. The agent never stops the application: a bad
 * option given to {@code -javaagent} prints one line on stderr and the application runs unprofiled; at attach it
 * fails the attach (the command line checks the options before it attaches).
 *
 * <p>Nothing here is called by application code; the JVM calls {@link #premain} and {@link #agentmain}.
 */
public final class EnergyProfilerAgent {

    private EnergyProfilerAgent() {
    }

    /**
     * Called by the JVM for {@code -javaagent}: starts profiling on a thread of its own, so the application's
     * {@code main} is not delayed (JFR takes a few hundred milliseconds to start sampling).
     */
    public static void premain(String options, Instrumentation inst) {
        PrintStream err = System.err;
        ProfilerOptions o;
        try {
            o = ProfilerOptions.parse(options);
        } catch (IllegalArgumentException e) {
            err.println("energy4j-profiler: " + e.getMessage() + "; the application runs without the profiler");
            return;
        }
        Thread t = new Thread(() -> {
            try {
                ProfilerSession.start(o, err);
            } catch (RuntimeException | Error e) {
                err.println("energy4j-profiler: " + message(e) + "; the application runs without the profiler");
            }
        }, "energy4j-profiler-start");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Called by the JVM when the agent is loaded into a running JVM: starts profiling before it returns.
     *
     * @throws IllegalArgumentException on a bad option, or when the profile cannot start (the message says why)
     */
    public static void agentmain(String options, Instrumentation inst) {
        try {
            ProfilerSession.start(ProfilerOptions.parse(options), System.err);
        } catch (RuntimeException | Error e) {
            System.err.println("energy4j-profiler: " + message(e));
            throw new IllegalArgumentException(message(e), e);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
