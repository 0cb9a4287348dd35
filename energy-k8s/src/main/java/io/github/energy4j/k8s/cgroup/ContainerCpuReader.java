package io.github.energy4j.k8s.cgroup;

import io.github.energy4j.internal.io.KeptFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cumulative CPU time of one container cgroup: {@code cpu.stat usage_usec} on cgroup v2,
 * {@code cpuacct.usage} (nanoseconds) on v1. Unlike summing per-process times, this counts processes that exited
 * during the interval and costs one read per container rather than per process.
 *
 * <p>The file stays open and is re-read from offset 0 (the kernel regenerates cgroup files on every read from
 * the start). {@link #readUsageNanos()} is allocation-free after warm-up; sampler thread only.
 *
 * <p>Usage:
 * <pre>{@code
 * Optional<Path> dir = ContainerCpuReader.locate(sysfs, container);
 * try (ContainerCpuReader r = ContainerCpuReader.open(dir.get(), container.cgroupVersion())) {
 *     long ns = r.readUsageNanos(); // -1 when the cgroup is gone
 * }
 * }</pre>
 */
public final class ContainerCpuReader implements AutoCloseable {

    private static final byte[] USAGE_USEC = {'u', 's', 'a', 'g', 'e', '_', 'u', 's', 'e', 'c', ' '};

    private final KeptFile file;
    private final boolean v2;

    private ContainerCpuReader(KeptFile file, boolean v2) {
        this.file = file;
        this.v2 = v2;
    }

    /**
     * Opens the counter of a cgroup directory.
     *
     * @param cgroupDir the container's cgroup directory (under {@code /sys/fs/cgroup} on v2, under
     *                  {@code /sys/fs/cgroup/cpu,cpuacct} on v1)
     * @param version   2 to read {@code cpu.stat}, 1 to read {@code cpuacct.usage}
     * @throws IOException when the file cannot be opened (cgroup removed, no permission)
     */
    public static ContainerCpuReader open(Path cgroupDir, int version) throws IOException {
        boolean v2 = version == 2;
        Path file = cgroupDir.resolve(v2 ? "cpu.stat" : "cpuacct.usage");
        return new ContainerCpuReader(KeptFile.open(file, 1024), v2);
    }

    /**
     * Finds the cgroup directory of a container under {@code <sysfs>/fs/cgroup}. Absolute paths are resolved
     * directly; a path relative to a cgroup namespace ({@code ../../kubepods-...slice/cri-containerd-...scope})
     * is found by searching for a directory ending with the path's named part. Cold path: call once per
     * container.
     */
    public static Optional<Path> locate(Path sysfs, CgroupContainer container) {
        if (container.cgroupPath().isEmpty()) {
            return Optional.empty();
        }
        Path fs = sysfs.resolve("fs").resolve("cgroup");
        Path root = container.cgroupVersion() == 2 ? fs
                : Files.isDirectory(fs.resolve("cpu,cpuacct")) ? fs.resolve("cpu,cpuacct") : fs.resolve("cpuacct");
        String named = stripRelative(container.cgroupPath());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        Path direct = root.resolve(named);
        if (!container.cgroupPath().startsWith("..") && Files.isDirectory(direct)) {
            return Optional.of(direct);
        }
        Path suffix = Path.of(named);
        try (Stream<Path> s = Files.find(root, 10, (p, a) -> a.isDirectory() && p.endsWith(suffix))) {
            return s.findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String stripRelative(String path) {
        int i = 0;
        while (i < path.length()) {
            if (path.startsWith("../", i)) {
                i += 3;
            } else if (path.startsWith("./", i) || path.charAt(i) == '/') {
                i += path.charAt(i) == '/' ? 1 : 2;
            } else {
                break;
            }
        }
        return path.substring(i);
    }

    /**
     * Cumulative CPU time of the cgroup in nanoseconds, or -1 when it cannot be read (cgroup removed) or the
     * content is not in the expected format.
     */
    public long readUsageNanos() {
        int len = file.read();
        if (len < 0) {
            return -1;
        }
        byte[] buf = file.bytes();
        if (v2) {
            long usec = parseUsageUsec(buf, len);
            return usec < 0 ? -1 : usec * 1000L;
        }
        return parseCpuacctUsage(buf, len);
    }

    /** The value of the {@code usage_usec} line of a {@code cpu.stat} file, or -1 when absent. */
    public static long parseUsageUsec(byte[] buf, int len) {
        int i = 0;
        while (i < len) {
            if (startsWith(buf, i, len, USAGE_USEC)) {
                return parseLong(buf, i + USAGE_USEC.length, len);
            }
            while (i < len && buf[i] != '\n') {
                i++;
            }
            i++;
        }
        return -1;
    }

    /** The number in a {@code cpuacct.usage} file (nanoseconds), or -1 when it is not a number. */
    public static long parseCpuacctUsage(byte[] buf, int len) {
        return parseLong(buf, 0, len);
    }

    private static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
        if (len - off < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[off + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static long parseLong(byte[] buf, int off, int len) {
        long v = 0;
        int digits = 0;
        for (int i = off; i < len; i++) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
            digits++;
        }
        return digits == 0 || digits > 18 ? -1 : v;
    }

    @Override
    public void close() {
        file.close();
    }
}
