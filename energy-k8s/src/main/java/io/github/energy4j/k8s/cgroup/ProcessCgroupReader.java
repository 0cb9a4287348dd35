package io.github.energy4j.k8s.cgroup;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code <procfs>/[pid]/cgroup} and caches the parsed result per process identity (pid, start time), so
 * a recycled pid is parsed again and a long-lived process only once.
 *
 * <p>A process that sees its own cgroup as the root of its cgroup namespace ({@code 0::/}, or {@code /} on every
 * v1 hierarchy) cannot be placed from that file; then {@code <procfs>/[pid]/mountinfo} is read and the container
 * (or pod) is taken from the mounts of the container's own files ({@link MountinfoParser}), as OpenTelemetry's
 * and Datadog's container detectors do. The proc root is given to the constructor, so tests use fake trees.
 *
 * <p>Sampler thread only (not thread-safe). Allocates on a cache miss.
 */
public final class ProcessCgroupReader {

    private static final int MAX_ENTRIES = 65_536;

    private final Path procfs;
    private final Map<Integer, Entry> cache = new HashMap<>();
    private byte[] buf = new byte[4096];

    public ProcessCgroupReader(Path procfs) {
        this.procfs = procfs;
    }

    /**
     * The container of a process; {@link CgroupContainer#HOST} when the file is missing or unreadable (the
     * process exited, or procfs is mounted with {@code hidepid}).
     *
     * @param startTime process start time in clock ticks, field 22 of {@code /proc/[pid]/stat}
     */
    public CgroupContainer read(int pid, long startTime) {
        Entry e = cache.get(pid);
        if (e != null && e.startTime == startTime) {
            return e.container;
        }
        CgroupContainer c = readUncached(pid);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // cheaper than tracking exits here; entries are rebuilt on demand
        }
        cache.put(pid, new Entry(startTime, c));
        return c;
    }

    /** Forgets a process (call when it exits). */
    public void forget(int pid) {
        cache.remove(pid);
    }

    /** Number of cached process identities. */
    public int cachedCount() {
        return cache.size();
    }

    /** Reads and parses the file (and mountinfo when the file cannot say) without touching the cache. */
    public CgroupContainer readUncached(int pid) {
        Path dir = procfs.resolve(Integer.toString(pid));
        try {
            int len = readFully(dir.resolve("cgroup"));
            String text = new String(buf, 0, len, StandardCharsets.UTF_8);
            CgroupContainer c = CgroupParser.parse(text);
            if (!c.isHost() || !CgroupParser.seesOwnCgroupAsRoot(text)) {
                return c;
            }
            return MountinfoParser.parse(buf, readFully(dir.resolve("mountinfo")));
        } catch (IOException | RuntimeException e) {
            return CgroupContainer.HOST;
        }
    }

    /**
     * Reads a whole file into {@link #buf}, growing it as needed up to {@link #MAX_FILE_BYTES}; returns the length.
     * Only regular files are opened ({@link KernelFile#open}): a FIFO in place of {@code /proc/PID/cgroup} would
     * otherwise block the sampler.
     *
     * @throws IOException when it is not a regular file, cannot be read, or is longer than the bound
     */
    private int readFully(Path file) throws IOException {
        try (FileChannel ch = KernelFile.open(file)) {
            int len = 0;
            while (true) {
                if (len == buf.length) {
                    if (buf.length >= MAX_FILE_BYTES) {
                        throw new IOException(file + ": longer than " + MAX_FILE_BYTES + " bytes");
                    }
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int r = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
                if (r < 0) {
                    return len;
                }
                len += r;
            }
        }
    }

    /** mountinfo on a node with thousands of mounts is a few hundred KiB; 4 MiB bounds a hostile file. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private record Entry(long startTime, CgroupContainer container) {
    }
}
