package io.github.energy4j.k8s.cgroup;

import io.github.energy4j.internal.io.KeptFile;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadCpuReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * CPU time of every container on the node, read from the cgroup tree: one {@code cpu.stat} (v2) or
 * {@code cpuacct.usage} (v1) per container, so a sample costs O(containers) whatever the number of processes.
 *
 * <p>Containers are found by walking {@code <sysfs>/fs/cgroup} (v2) or its {@code cpu,cpuacct} hierarchy (v1) and
 * naming each directory with {@link CgroupParser#parsePath(String, int)}, the same rules that name a process's
 * container. Only the innermost containers count: a kind or minikube node container that holds pod containers
 * is left out, since its usage includes theirs. The walk is repeated when the root's {@code cgroup.stat}
 * {@code nr_descendants} changes (v2), when a counter fails to read (a container went away), and every
 * {@code relistEvery} reads where there is no such file (v1).
 *
 * <p>Sampler thread only. {@link #read(WorkloadCpuReader.Sink)} is allocation-free between walks.
 */
public final class CgroupCpuAccounting implements WorkloadCpuReader {

    private static final int MAX_DEPTH = 12;
    private static final byte[] NR_DESCENDANTS = "nr_descendants ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path root;
    private final int version;
    private final Function<CgroupContainer, Workload> naming;
    private final int relistEvery;
    private final KeptFile rootStat;

    private String[] paths = new String[0];
    private ContainerCpuReader[] readers = new ContainerCpuReader[0];
    private Workload[] workloads = new Workload[0];
    private int count;
    private boolean relistNext = true;
    private long lastDescendants = -1;
    private long reads;
    private long walks;
    private String lastError = "";

    private CgroupCpuAccounting(Path root, int version, Function<CgroupContainer, Workload> naming, int relistEvery,
                                KeptFile rootStat) {
        this.root = root;
        this.version = version;
        this.naming = naming;
        this.relistEvery = relistEvery;
        this.rootStat = rootStat;
    }

    /**
     * Opens the accounting of the host whose sysfs is {@code sysfs}.
     *
     * @param naming      turns a container found in the tree into the workload energy is summed under (cold path)
     * @param relistEvery walk the tree at least every this many reads when the root offers no
     *                    {@code nr_descendants} (v1), &gt;= 1
     * @return empty when there is no cgroup tree with CPU accounting under {@code sysfs}
     */
    public static Optional<CgroupCpuAccounting> open(Path sysfs, Function<CgroupContainer, Workload> naming,
                                                     int relistEvery) {
        if (relistEvery < 1) {
            throw new IllegalArgumentException("relistEvery must be >= 1, was " + relistEvery);
        }
        Path fs = sysfs.resolve("fs").resolve("cgroup");
        Path root;
        int version;
        if (Files.isRegularFile(fs.resolve("cgroup.controllers"))) {
            root = fs;
            version = 2;
        } else if (Files.isDirectory(fs.resolve("cpu,cpuacct"))) {
            root = fs.resolve("cpu,cpuacct");
            version = 1;
        } else if (Files.isDirectory(fs.resolve("cpuacct"))) {
            root = fs.resolve("cpuacct");
            version = 1;
        } else {
            return Optional.empty();
        }
        KeptFile stat = null;
        if (version == 2) {
            try {
                stat = KeptFile.open(root.resolve("cgroup.stat"), 512);
            } catch (IOException | RuntimeException e) {
                stat = null; // walk every relistEvery reads instead
            }
        }
        return Optional.of(new CgroupCpuAccounting(root, version, naming, relistEvery, stat));
    }

    /** The hierarchy walked. */
    public Path root() {
        return root;
    }

    /** 1 or 2. */
    public int version() {
        return version;
    }

    /** Containers currently read. */
    public int containers() {
        return count;
    }

    /** How many times the tree was walked. */
    public long walks() {
        return walks;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public int read(WorkloadCpuReader.Sink sink) {
        reads++;
        long d = readDescendants();
        boolean changed = d >= 0 && d != lastDescendants;
        if (d >= 0) {
            lastDescendants = d;
        }
        if (relistNext || changed || (d < 0 && reads % relistEvery == 0)) {
            if (!walk()) {
                return UNAVAILABLE;
            }
        }
        int delivered = 0;
        final int n = count;
        for (int i = 0; i < n; i++) {
            long ns = readers[i].readUsageNanos();
            if (ns < 0) {
                relistNext = true; // removed between reads; the next read walks again
                continue;
            }
            sink.workloadCpu(workloads[i], ns);
            delivered++;
        }
        return delivered;
    }

    private long readDescendants() {
        if (rootStat == null) {
            return -1;
        }
        int len = rootStat.read();
        if (len < 0) {
            return -1;
        }
        return parseNrDescendants(rootStat.bytes(), len);
    }

    /** The {@code nr_descendants} value of a {@code cgroup.stat} file, or -1 when absent. */
    public static long parseNrDescendants(byte[] buf, int len) {
        int i = 0;
        while (i < len) {
            boolean match = len - i >= NR_DESCENDANTS.length;
            for (int k = 0; match && k < NR_DESCENDANTS.length; k++) {
                match = buf[i + k] == NR_DESCENDANTS[k];
            }
            if (match) {
                long v = 0;
                int digits = 0;
                for (int j = i + NR_DESCENDANTS.length; j < len && buf[j] >= '0' && buf[j] <= '9'; j++) {
                    v = v * 10 + (buf[j] - '0');
                    digits++;
                }
                return digits == 0 || digits > 18 ? -1 : v;
            }
            while (i < len && buf[i] != '\n') {
                i++;
            }
            i++;
        }
        return -1;
    }

    /** Walks the tree and reopens the set of innermost containers; keeps the readers of those still there. */
    private boolean walk() {
        relistNext = false;
        walks++;
        List<String> found = new ArrayList<>();
        Map<String, CgroupContainer> byPath = new HashMap<>();
        try {
            walk(root, "", 0, found, byPath);
        } catch (IOException | RuntimeException e) {
            lastError = root + ": cannot walk the cgroup tree: " + e.getMessage();
            relistNext = true;
            return false;
        }
        // innermost only: drop a container whose directory holds another container
        List<String> leaves = new ArrayList<>(found.size());
        for (String p : found) {
            boolean outer = false;
            for (String q : found) {
                if (q.length() > p.length() && q.startsWith(p) && q.charAt(p.length()) == '/') {
                    outer = true;
                    break;
                }
            }
            if (!outer) {
                leaves.add(p);
            }
        }
        Map<String, Integer> old = new HashMap<>();
        for (int i = 0; i < count; i++) {
            old.put(paths[i], i);
        }
        String[] np = new String[leaves.size()];
        ContainerCpuReader[] nr = new ContainerCpuReader[leaves.size()];
        Workload[] nw = new Workload[leaves.size()];
        boolean[] kept = new boolean[count];
        int n = 0;
        for (String p : leaves) {
            Integer was = old.get(p);
            if (was != null) {
                np[n] = p;
                nr[n] = readers[was];
                nw[n] = workloads[was];
                kept[was] = true;
                n++;
                continue;
            }
            Workload w = naming.apply(byPath.get(p));
            if (w == null || w.isHost()) {
                continue;
            }
            try {
                nr[n] = ContainerCpuReader.open(root.resolve(p.substring(1)), version);
            } catch (IOException | RuntimeException e) {
                lastError = root + p + ": " + e.getMessage();
                continue; // gone already, or not readable: its processes' energy stays unattributed
            }
            np[n] = p;
            nw[n] = w;
            n++;
        }
        for (int i = 0; i < count; i++) {
            if (!kept[i]) {
                readers[i].close();
            }
        }
        paths = np;
        readers = nr;
        workloads = nw;
        count = n;
        return true;
    }

    private void walk(Path dir, String rel, int depth, List<String> found, Map<String, CgroupContainer> byPath)
            throws IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : ds) {
                String path = rel + "/" + child.getFileName();
                CgroupContainer c = CgroupParser.parsePath(path, version);
                if (c.isContainer() && c.cgroupPath().equals(path)) {
                    found.add(path);
                    byPath.put(path, c);
                }
                try {
                    walk(child, path, depth + 1, found, byPath);
                } catch (IOException e) {
                    // a cgroup removed while walking: skip it, the rest of the tree still counts
                }
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < count; i++) {
            readers[i].close();
        }
        count = 0;
        if (rootStat != null) {
            rootStat.close();
        }
    }
}
