package io.github.energy4j.agent.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The profiler's agent jar that this build of the command line carries as a resource
 * ({@value #RESOURCE}, copied from {@code energy-profiler/target/energy4j-profiler.jar} at build time).
 */
public final class AgentJar {

    static final String RESOURCE = "/io/github/energy4j/agent/profile/energy4j-profiler.jar";

    private AgentJar() {
    }

    /**
     * Copies the carried agent jar to a new file in the temporary directory, readable by this user only, and leaves it
     * there: the profiled JVM keeps the jar on its class path for as long as it runs.
     *
     * @return the copy, or empty when this build carries none
     */
    public static Optional<Path> extract() throws IOException {
        try (InputStream in = AgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Path jar = Files.createTempFile("energy4j-profiler-", ".jar");
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(jar);
        }
    }
}
