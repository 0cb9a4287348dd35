package io.github.energy4j.agent;

import io.github.energy4j.agent.profile.AgentJar;
import io.github.energy4j.agent.profile.ProfileReport;
import io.github.energy4j.profiler.internal.ProfilerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code energy4j profile --pid N}: loads the energy profiler into a running JVM through the attach API, waits for the
 * duration, and prints the top methods by energy once the profiler has written its files (an HTML flame graph,
 * collapsed stacks, JSON and CSV tables). The profiled JVM writes the files itself, so paths are made absolute here.
 * Bad flags, a missing process or a JVM that cannot be attached print one line on stderr and exit with code 2.
 */
final class ProfileCommand {

    static final Set<String> VALUED = Set.of("pid", "duration", "output", "interval", "window", "top", "collapsed",
            "json", "csv", "source", "agent-jar");
    static final Set<String> BOOLEANS = Set.of("no-native");

    /** How long after the duration the files may take: the last samples are drained (at most 3 s) and written. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private ProfileCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse("profile", argv, VALUED, BOOLEANS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("profile: unexpected argument '" + a.positional().get(0) + "'");
        }
        String pidText = a.get("pid", null);
        if (pidText == null) {
            throw new UsageException("profile: --pid is required: the process id of a running JVM (jps lists them)");
        }
        long pid;
        try {
            pid = Long.parseLong(pidText.trim());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            throw new UsageException("profile: --pid must be a process id, was '" + pidText + "'");
        }
        ProfilerOptions options = options(a);
        for (Path p : options.outputs()) {
            if (!Files.isDirectory(p.getParent())) {
                throw new UsageException("profile: the directory of " + p + " does not exist; create it or choose "
                        + "another path");
            }
        }
        String agentArgs;
        try {
            agentArgs = options.toAgentArgs();
        } catch (IllegalArgumentException e) {
            throw new UsageException("profile: " + e.getMessage());
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new UsageException("profile: --pid " + pid + " is this energy4j process; give the pid of the JVM to "
                    + "profile");
        }
        Optional<ProcessHandle> target = ProcessHandle.of(pid);
        if (target.isEmpty() || !target.get().isAlive()) {
            throw new UsageException("profile: no process " + pid + " (jps lists the running JVMs)");
        }
        Path jar = agentJar(a);
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

    /** The agent's settings from the flags, checked by the agent's own parser; paths made absolute here. */
    static ProfilerOptions options(Args a) {
        StringBuilder s = new StringBuilder("duration=").append(a.get("duration", "30s"));
        for (String key : List.of("output", "interval", "window", "top", "collapsed", "json", "csv")) {
            if (a.has(key)) {
                s.append(',').append(key).append('=').append(a.get(key, ""));
            }
        }
        for (String source : a.all("source")) {
            s.append(",source=").append(source);
        }
        if (a.has("no-native")) {
            s.append(",native=false");
        }
        try {
            return ProfilerOptions.parse(s.toString()).resolvedAgainst(Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            // the agent says key=value; the command line's flags are --key value
            throw new UsageException("profile: " + e.getMessage()
                    .replaceAll("\\b(duration|output|interval|window|top|collapsed|json|csv|source)=", "--$1 ")
                    .replace("option '", "option '--"));
        }
    }

    private static Path agentJar(Args a) throws IOException {
        String given = a.get("agent-jar", null);
        if (given != null) {
            Path p = Path.of(given).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new UsageException("profile: --agent-jar " + given + " is not a file (energy-profiler/target/"
                        + "energy4j-profiler.jar after a build)");
            }
            return p;
        }
        Optional<Path> carried = AgentJar.extract();
        if (carried.isEmpty()) {
            throw new UsageException("profile: this build of energy4j carries no profiler agent; build it with 'mvn "
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
                throw new UsageException("profile: cannot attach to pid " + pid + " (" + e.getMessage() + "); it must "
                        + "be a JVM 17+ run by the same user and not started with -XX:+DisableAttachMechanism");
            } catch (LinkageError e) {
                throw new UsageException("profile: this Java runtime has no attach API (module jdk.attach); run "
                        + "energy4j on a JDK");
            }
            try {
                vm.loadAgent(jar.toString(), agentArgs);
            } catch (com.sun.tools.attach.AgentInitializationException e) {
                throw new UsageException("profile: the profiler could not start in pid " + pid + " (a profile may be "
                        + "running there already, or JFR is off); the target's stderr says why");
            } catch (com.sun.tools.attach.AgentLoadException | IOException e) {
                throw new UsageException("profile: pid " + pid + " could not load the profiler agent (" + e.getMessage()
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
