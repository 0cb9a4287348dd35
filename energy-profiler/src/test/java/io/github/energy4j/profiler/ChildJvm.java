package io.github.energy4j.profiler;

import io.github.energy4j.profiler.workload.SplitWorkload;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the test workloads in a child JVM with the agent jar, the way a user would. */
final class ChildJvm {

    /** What a child JVM did. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /** The agent jar this build made (failsafe passes its path). */
    static Path agentJar() {
        Path jar = Path.of(System.getProperty("energy4j.profiler.jar", "target/energy4j-profiler.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run 'mvn verify' (the agent jar is built at package)");
        }
        return jar.toAbsolutePath();
    }

    /** The class path of the test workloads. */
    static String workloadClassPath() {
        try {
            return Path.of(SplitWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's java launcher. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A JDK 21 or later: JDK21_HOME (CI sets it), or this JVM if it is one. */
    static Optional<Path> java21() {
        String home = System.getenv("JDK21_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Optional.of(Path.of(home, "bin", "java"));
        }
        return Runtime.version().feature() >= 21 ? Optional.of(java()) : Optional.empty();
    }

    /**
     * Runs {@code mainClass args} on {@code java} with {@code -javaagent:<agent jar>=<agentOptions>} (none when
     * null), in {@code dir}, and waits at most {@code timeoutSeconds}.
     */
    static Result run(Path java, Path dir, String agentOptions, String mainClass, List<String> args, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        if (agentOptions != null) {
            cmd.add("-javaagent:" + agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(List.of("-cp", workloadClassPath(), mainClass));
        cmd.addAll(args);
        File out = dir.resolve("child.out").toFile();
        File err = dir.resolve("child.err").toFile();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not end within " + timeoutSeconds + " s; stderr: "
                    + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
