package io.github.energy4j.agent.serve;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The name of a container that no pod view names (a plain Docker or Podman container), for Kepler's
 * {@code container_name} label, as Kepler finds it: the value of the first {@code HOSTNAME} or
 * {@code CONTAINER_NAME} variable in {@code <procfs>/[pid]/environ} of one of its processes
 * ({@code containerNameFromEnv} in Kepler's {@code internal/resource/container.go}; Docker sets {@code HOSTNAME} to
 * the container's host name, by default the first 12 hex digits of its id); Kepler's next guess, a {@code --name}
 * argument on the command line, is not tried. Read once per container, on the
 * export's cold path; a container whose environment cannot be read (another user's process without
 * {@code CAP_SYS_PTRACE}, a process already gone) is tried again with another of its processes at most
 * {@value #MAX_TRIES} times, then keeps an empty name. Not thread-safe (the exporter serializes frames).
 */
public final class ContainerNames {

    /** For levels without container series: every name is empty and nothing is read. */
    public static final ContainerNames NONE = new ContainerNames(null);

    static final int MAX_TRIES = 3;
    /** The most of an environment block read: the variables a runtime sets come first. */
    static final int MAX_ENVIRON = 64 * 1024;

    private final Path procfs;
    private final Map<String, String> known = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private long reads;

    /** @param procfs the proc root, or null for {@link #NONE} */
    public ContainerNames(Path procfs) {
        this.procfs = procfs;
    }

    /**
     * The name of container {@code id}, read from the environment of its process {@code pid} the first time;
     * empty when it cannot be known ({@code pid} &lt;= 0: no process of it is known).
     */
    public String of(String id, int pid) {
        seen.add(id);
        String name = known.get(id);
        if (name != null || procfs == null) {
            return name == null ? "" : name;
        }
        if (pid <= 0) {
            return "";
        }
        reads++;
        byte[] environ;
        try (InputStream in = KernelFile.stream(procfs.resolve(Integer.toString(pid)).resolve("environ"))) {
            environ = in.readNBytes(MAX_ENVIRON);
        } catch (IOException | SecurityException e) {
            if (failures.merge(id, 1, Integer::sum) >= MAX_TRIES) {
                known.put(id, "");
            }
            return "";
        }
        name = fromEnviron(environ, environ.length);
        known.put(id, name);
        return name;
    }

    /** Ends a frame: forgets the containers {@link #of} was not asked about since the previous call. */
    public void endFrame() {
        known.keySet().retainAll(seen);
        failures.keySet().retainAll(seen);
        seen.clear();
    }

    /** Environment blocks read so far. */
    public long reads() {
        return reads;
    }

    /**
     * The value of the first {@code HOSTNAME=} or {@code CONTAINER_NAME=} entry of a NUL-separated environment
     * block; empty when there is none.
     */
    static String fromEnviron(byte[] buf, int len) {
        int start = 0;
        while (start < len) {
            int end = start;
            while (end < len && buf[end] != 0) {
                end++;
            }
            String entry = new String(buf, start, end - start, StandardCharsets.UTF_8);
            if (entry.startsWith("HOSTNAME=")) {
                return entry.substring("HOSTNAME=".length());
            }
            if (entry.startsWith("CONTAINER_NAME=")) {
                return entry.substring("CONTAINER_NAME=".length());
            }
            start = end + 1;
        }
        return "";
    }
}
