package io.github.energy4j.agent;

import io.github.energy4j.agent.profile.AgentJar;
import io.github.energy4j.agent.profile.ProfileReport;
import io.github.energy4j.profiler.internal.ProfilerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code energy4j profile --pid N}: loads the energy profiler into a running JVM through the attach API, waits for the
 * duration, and prints the top methods by energy once the profiler has written its files (an HTML flame graph,
 * collapsed stacks, JSON and CSV tables). The profiled JVM writes the files itself, so paths are made absolute here.
 * Bad flags, a missing process or a JVM that cannot be attached print one line on stderr and exit with code 2.
 */
@Command(name = "profile", description = {"Energy per method and call path of a running JVM, through the attach "
        + "API: flame graph, collapsed stacks, JSON and CSV tables."})
final class ProfileCommand extends CliCommand {

    /** How long after the duration the files may take: the last samples are drained (at most 3 s) and written. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @Option(names = "--pid", paramLabel = "N", required = true, description = "the process id of a running JVM (jps "
            + "lists them)")
    long pid;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", description = "how long to profile "
            + "(default 30s)")
    String duration;

    @Option(names = "--output", paramLabel = "F", description = "the HTML flame graph; the other files are named after "
            + "it (default energy4j-profile.html)")
    String output;

    @Option(names = "--interval", paramLabel = "D", description = "JFR's sampling period, 1ms to 1s (default 20ms)")
    String interval;

    @Option(names = "--window", paramLabel = "D", description = "how often the meter is sampled, 100ms to 10s, at "
            + "least the interval (default 1s)")
    String window;

    @Option(names = "--top", paramLabel = "N", description = "rows of the method tables (default 100)")
    String top;

    @Option(names = "--collapsed", paramLabel = "F", description = "the collapsed stacks (default named after "
            + "--output)")
    String collapsed;

    @Option(names = "--json", paramLabel = "F", description = "the JSON method table (default named after --output)")
    String json;

    @Option(names = "--csv", paramLabel = "F", description = "the CSV method table (default named after --output)")
    String csv;

    @Option(names = "--source", paramLabel = "ID", description = "a power source to force (rapl, model); repeatable")
    List<String> sources = new ArrayList<>();

    @Option(names = "--no-native", description = "do not sample threads in native code")
    boolean noNative;

    @Option(names = "--agent-jar", paramLabel = "F", description = "the profiler agent jar (default: the one this "
            + "build carries)")
    String agentJar;

    @Override
    public Integer call() throws IOException {
        if (pid <= 0) {
            throw new UsageException("--pid must be a process id, was '" + pid + "'");
        }
        ProfilerOptions options = options();
        for (Path p : options.outputs()) {
            if (!Files.isDirectory(p.getParent())) {
                throw new UsageException("the directory of " + p + " does not exist; create it or choose another "
                        + "path");
            }
        }
        String agentArgs;
        try {
            agentArgs = options.toAgentArgs();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new UsageException("--pid " + pid + " is this energy4j process; give the pid of the JVM to profile");
        }
        Optional<ProcessHandle> target = ProcessHandle.of(pid);
        if (target.isEmpty() || !target.get().isAlive()) {
            throw new UsageException("no process " + pid + " (jps lists the running JVMs)");
        }
        Path jar = agentJar();
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        Attach.load(pid, jar, agentArgs);
        String what = target.get().info().command().map(c -> " (" + Path.of(c).getFileName() + ")").orElse("");
        err.println("energy4j profile: profiling pid " + pid + what + " for " + ProfilerOptions.format(options.duration())
                + "; the flame graph goes to " + options.output());
        if (!awaitFiles(target.get(), options, before)) {
            err.println("energy4j profile: pid " + pid + " wrote no profile to " + options.output() + " within "
                    + ProfilerOptions.format(options.duration().plus(GRACE)) + " of the start; its stderr says why");
            return 1;
        }
        out.print(ProfileReport.format(Files.readString(options.json()), 10));
        List<String> names = new ArrayList<>();
        for (Path p : options.outputs()) {
            names.add(p.toString());
        }
        out.println("wrote " + String.join(", ", names));
        return 0;
    }

    /** The agent's settings from the options, checked by the agent's own parser; paths made absolute here. */
    ProfilerOptions options() {
        StringBuilder s = new StringBuilder("duration=").append(duration);
        String[][] given = {{"output", output}, {"interval", interval}, {"window", window}, {"top", top},
            {"collapsed", collapsed}, {"json", json}, {"csv", csv}};
        for (String[] kv : given) {
            if (kv[1] != null) {
                s.append(',').append(kv[0]).append('=').append(kv[1]);
            }
        }
        for (String source : sources) {
            s.append(",source=").append(source);
        }
        if (noNative) {
            s.append(",native=false");
        }
        try {
            return ProfilerOptions.parse(s.toString()).resolvedAgainst(Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            // the agent says key=value; the command line's options are --key value
            throw new UsageException(e.getMessage()
                    .replaceAll("\\b(duration|output|interval|window|top|collapsed|json|csv|source)=", "--$1 ")
                    .replace("option '", "option '--"));
        }
    }

    private Path agentJar() throws IOException {
        if (agentJar != null) {
            Path p = Path.of(agentJar).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new UsageException("--agent-jar " + agentJar + " is not a file (energy-profiler/target/"
                        + "energy4j-profiler.jar after a build)");
            }
            return p;
        }
        Optional<Path> carried = AgentJar.extract();
        if (carried.isEmpty()) {
            throw new UsageException("this build of energy4j carries no profiler agent; build it with 'mvn "
                    + "-pl energy-agent -am package' or pass --agent-jar energy-profiler/target/energy4j-profiler.jar");
        }
        return carried.get();
    }

    /** Waits until the HTML, written last, is newer than {@code before}; false when it does not come in time. */
    private static boolean awaitFiles(ProcessHandle target, ProfilerOptions o, FileTime before) {
        long start = System.nanoTime();
        long deadline = start + o.duration().plus(GRACE).toNanos();
        long exitedAt = 0;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.isRegularFile(o.output()) && Files.getLastModifiedTime(o.output()).compareTo(before) > 0) {
                    return true;
                }
            } catch (IOException e) {
                // not there yet
            }
            if (!target.isAlive()) {
                if (exitedAt == 0) {
                    exitedAt = System.nanoTime();
                } else if (System.nanoTime() - exitedAt > 2_000_000_000L) {
                    return false; // it exited and its shutdown hook wrote nothing
                }
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return false;
    }

    /** The attach API, kept apart so that a runtime without jdk.attach fails with a clear line. */
    static final class Attach {

        private Attach() {
        }

        static void load(long pid, Path jar, String agentArgs) {
            com.sun.tools.attach.VirtualMachine vm;
            try {
                vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
            } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
                throw new UsageException("cannot attach to pid " + pid + " (" + e.getMessage() + "); it must "
                        + "be a JVM 17+ run by the same user and not started with -XX:+DisableAttachMechanism");
            } catch (LinkageError e) {
                throw new UsageException("this Java runtime has no attach API (module jdk.attach); run "
                        + "energy4j on a JDK");
            }
            try {
                vm.loadAgent(jar.toString(), agentArgs);
            } catch (com.sun.tools.attach.AgentInitializationException e) {
                throw new UsageException("the profiler could not start in pid " + pid + " (a profile may be "
                        + "running there already, or JFR is off); the target's stderr says why");
            } catch (com.sun.tools.attach.AgentLoadException | IOException e) {
                throw new UsageException("pid " + pid + " could not load the profiler agent (" + e.getMessage()
                        + "); it needs Java 17 or later");
            } finally {
                try {
                    vm.detach();
                } catch (IOException e) {
                    // the agent is loaded; nothing to undo
                }
            }
        }
    }
}
