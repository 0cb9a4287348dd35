package io.github.energy4j.procfs;

import io.github.energy4j.internal.LongIntHashMap;
import io.github.energy4j.internal.io.KeptFile;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc/stat} and every {@code /proc/[pid]/stat} once per sample, or only the stat files of a
 * fixed set of pids ({@link #ofPids(Path, int...)}: an application metering itself, whose cost must not grow
 * with the host's process count).
 *
 * <p>Each process's stat file is kept open and re-read with a positioned read, so a steady-state scan
 * allocates nothing. The directory is listed (which does allocate, inside the JDK) only when the
 * fork counter of {@code /proc/stat} moved, after a process vanished, every
 * {@code relistEvery} scans, or on every scan when {@code listEveryScan} is set (fake roots, where
 * a deleted directory does not make its open file fail the way procfs does).
 *
 * <p>On a real procfs, a process that had one thread at its last {@code stat} read is first asked for its run time
 * in {@code /proc/[pid]/schedstat} (three numbers; the kernel formats about 52 for {@code stat}), and its
 * {@code stat} is read again only when that run time moved. This is exact: {@code proc_pid_schedstat}
 * ({@code fs/proc/base.c}) prints the thread-group leader's {@code se.sum_exec_runtime}; with one thread, nothing
 * in the process can run, and so no CPU time in {@code stat} can grow and no thread can be created, without the
 * leader running. The last {@code stat} line's figures are handed to the sink again instead (the line itself
 * stays in the buffer the sink is given). Multi-threaded processes are read from
 * {@code stat} every time (their other threads do not show in the leader's schedstat). The run time is read before
 * {@code stat}, so CPU used between the two reads moves it and is picked up by the next scan. Without
 * {@code CONFIG_SCHED_INFO} (no file, or a run time of 0 for this very JVM) every process is read from {@code stat}.
 *
 * <p>When the fork counter moved, the new processes are looked for by pid instead of by listing, where that is exact:
 * pids are handed out in increasing order ({@code alloc_pid} in {@code kernel/pid.c} takes
 * {@code idr_alloc_cyclic} up to {@code pid_max}, then wraps), and {@code /proc/sys/kernel/ns_last_pid} says the
 * last one ({@code pid_ns_ctl_handler} in {@code kernel/pid_namespace.c}: the reader's pid namespace, so this is
 * used only when {@code root/self} names this JVM's own pid, i.e. the proc root is of this namespace). Every pid
 * handed out since the last look is tried: a process is added, a thread (its {@code stat}'s {@code exit_signal},
 * field 38, is -1 for {@code CLONE_THREAD} tasks, {@code copy_process} in {@code kernel/fork.c}) or a pid already
 * gone is skipped. A wrap, a cursor moved back (checkpoint/restore writes {@code ns_last_pid}) or more new pids than
 * a quarter of the tracked processes make it list instead; a process created with an explicit pid below the cursor
 * ({@code clone3} with {@code set_tid}, which needs {@code CAP_CHECKPOINT_RESTORE}) is found by a listing every 300
 * scans that probing adds. On a 10,000-process node a listing costs about 11 ms of kernel time; a busy node forks every second.
 *
 * <p>Vanished processes and unreadable files are normal: they are dropped silently and counted.
 * Single thread only (the sampler).
 */
public final class ProcfsScanner implements AutoCloseable {

    // one buffer for every stat read, so its size costs nothing: larger than any stat line (52 fields of at most 20
    // digits and a comm of at most 63 bytes: the tcomm[64] of proc_task_name in fs/proc/array.c)
    private static final int STAT_CAPACITY = 4096;
    private static final int SCHEDSTAT_CAPACITY = 96;
    // the fields of PidStat kept per process: utime, stime, start time, then comm length, state and threads packed
    private static final int LAST_FIELDS = 4;
    // bytes of comm kept per process (see STAT_CAPACITY)
    private static final int COMM_STRIDE = 64;

    private final Path root;
    private final File rootDir;
    private final boolean listEveryScan;
    private final int relistEvery;
    private final int maxOpenFiles;
    private final KeptFile procStat;
    // the only pids tracked (never listed) when not null
    private final int[] fixedPids;
    private final CpuTimes cpu = new CpuTimes();
    // every stat file reads into one buffer and every schedstat file into another: a buffer each would be cache
    // misses at every read of a large scan (and 1 KB of heap per process)
    private final ByteBuffer statBuffer = ByteBuffer.allocate(STAT_CAPACITY);
    private final ByteBuffer schedBuffer = ByteBuffer.allocate(SCHEDSTAT_CAPACITY);
    private final PidStat pidStat = new PidStat();
    // schedstat gates stat reads of single-threaded processes (see the class description)
    private final boolean schedstat;

    private final LongIntHashMap indexByPid = new LongIntHashMap(1024, -1);
    private KeptFile[] files = new KeptFile[1024];
    private int[] pids = new int[1024];
    private long[] listedAt = new long[1024];
    // per tracked process: its schedstat file (null until needed), the run time read before the last stat read
    // (-1: none) and whether its last stat line parsed and said one thread
    private KeptFile[] sched = new KeptFile[1024];
    private long[] runtime = new long[1024];
    private boolean[] single = new boolean[1024];
    // per tracked process, LAST_FIELDS longs and COMM_STRIDE bytes: the figures and comm of the last stat line, kept
    // while the process is gated (single, on a root with schedstat) and handed out again while the line is still exact (re-parsing it cost as much as the schedstat read that proved
    // it exact, and the line itself is gone from the shared buffer)
    private long[] lastFigures = new long[1024 * LAST_FIELDS];
    private byte[] comms = new byte[1024 * COMM_STRIDE];
    private int count;
    private int schedOpen;
    private boolean tight;
    private long statReads;
    private long statReadsSaved;

    private long scans;
    // ns_last_pid of the proc root's namespace (null: pids are not probed, see the class description), its value at
    // the last listing or probe (-1: none yet), and the pids probed so far
    private final KeptFile lastPidFile;
    private long lastPid = -1;
    private long pidProbes;
    private long lastForks = Long.MIN_VALUE;
    private boolean relistNext = true;
    private long listings;
    private long vanished;
    private long malformed;
    private String lastError = "";

    /**
     * @param root          the proc root ({@code /proc}, {@code /host/proc}, or a fake tree)
     * @param listEveryScan list the directory on every scan instead of only when pids may have appeared
     * @param relistEvery   list at least every this many scans (safety net), &gt;= 1
     * @param maxOpenFiles  process files kept open at most, {@code stat} and {@code schedstat} together; the stat
     *                      files of processes beyond it are opened per scan, and their schedstat is not read
     */
    public ProcfsScanner(Path root, boolean listEveryScan, int relistEvery, int maxOpenFiles) {
        this(root, listEveryScan, relistEvery, maxOpenFiles, null);
    }

    /**
     * A scanner that never lists the proc directory and reads only these pids' stat files: O(pids) per scan
     * whatever the host runs. A pid whose file is missing is looked for again every {@code 64} scans (and
     * whenever it vanished), so a fake tree that gains it later is picked up.
     */
    public static ProcfsScanner ofPids(Path root, int... pids) {
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be > 0, was " + pid);
            }
        }
        // a stat and a schedstat descriptor each
        return new ProcfsScanner(root, !isProcFilesystem(root), 64, pids.length * 2, pids.clone());
    }

    private ProcfsScanner(Path root, boolean listEveryScan, int relistEvery, int maxOpenFiles, int[] fixedPids) {
        this.fixedPids = fixedPids;
        if (relistEvery < 1) {
            throw new IllegalArgumentException("relistEvery must be >= 1, was " + relistEvery);
        }
        this.root = root;
        this.rootDir = root.toFile();
        this.listEveryScan = listEveryScan;
        this.relistEvery = relistEvery;
        this.maxOpenFiles = maxOpenFiles;
        this.procStat = KeptFile.lazy(root.resolve("stat"), 64 * 1024);
        this.schedstat = !listEveryScan && schedstatWorks(root);
        this.lastPidFile = !listEveryScan && fixedPids == null ? lastPidFile(root) : null;
    }

    // the most new pids worth probing one by one, however few processes are tracked
    private static final int MIN_PROBE_RANGE = 64;
    // while probing, a listing this often finds what probing cannot (a pid chosen with clone3's set_tid)
    private static final int PROBED_RELIST_EVERY = 300;

    /**
     * {@code root/sys/kernel/ns_last_pid} when it can be read and describes the proc root's pid namespace (the file
     * answers for the reader's namespace: {@code root/self} must name this JVM's pid); null otherwise.
     */
    private static KeptFile lastPidFile(Path root) {
        try {
            String self = Files.readSymbolicLink(root.resolve("self")).toString();
            if (!self.equals(Long.toString(ProcessHandle.current().pid()))) {
                return null; // another pid namespace's proc: its pids are not the ones ns_last_pid counts
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        KeptFile f = KeptFile.lazy(root.resolve("sys").resolve("kernel").resolve("ns_last_pid"), 32);
        if (f.readDecimal() < 0) {
            f.close();
            return null;
        }
        return f;
    }

    /** Whether {@code root/self/schedstat} exists and shows run time for this JVM (0 when sched_info is off). */
    private static boolean schedstatWorks(Path root) {
        String t = io.github.energy4j.internal.io.KernelFile.text(root.resolve("self").resolve("schedstat"));
        if (t == null || t.isEmpty()) {
            return false;
        }
        byte[] b = t.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long ns = io.github.energy4j.internal.io.Ascii.parseUnsigned(b, 0, b.length);
        return ns > 0;
    }

    /**
     * {@code requested}, but at most three quarters of this process's soft open-file limit (the {@code Max open
     * files} line of {@code /proc/self/limits}): descriptors beyond the limit fail to open with EMFILE, and a
     * process whose stat file cannot be opened would look as if it had exited. The rest is left to the application
     * (sockets, jars, cgroup files).
     */
    public static int descriptorBudget(int requested) {
        String limits = io.github.energy4j.internal.io.KernelFile.text(Path.of("/proc/self/limits"));
        if (limits != null) {
            for (String line : limits.split("\n")) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    if (f.length > 0 && f[0].chars().allMatch(Character::isDigit) && !f[0].isEmpty()) {
                        long soft = Long.parseLong(f[0]);
                        return (int) Math.max(0, Math.min(requested, soft * 3 / 4));
                    }
                }
            }
        }
        return requested;
    }

    /**
     * Whether {@code root} is a real proc filesystem (as opposed to a copy or a fake tree); decides the
     * default of {@code listEveryScan}.
     */
    public static boolean isProcFilesystem(Path root) {
        try {
            return "proc".equals(Files.getFileStore(root).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public Path root() {
        return root;
    }

    /** False for a scanner made by {@link #ofPids(Path, int...)}: it sees only its own pids, not the host's. */
    public boolean listsProcesses() {
        return fixedPids == null;
    }

    /**
     * Whether {@code /proc/[pid]} exists under this root (cold path: allocates the path). For pids that a
     * device reports but that this scanner does not track.
     */
    public boolean pidExists(int pid) {
        return pid > 0 && new File(rootDir, Integer.toString(pid)).isDirectory();
    }

    /** The cpu times read by the last successful {@link #scan(ProcessSink)}. */
    public CpuTimes cpuTimes() {
        return cpu;
    }

    /**
     * Reads only {@code /proc/stat} (node CPU times), for samplers that take CPU time per workload from cgroups
     * instead of per process.
     *
     * @return false when it could not be read or parsed (see {@link #lastError()})
     */
    public boolean scanCpuOnly() {
        int n = procStat.read();
        if (n <= 0 || !ProcStatParser.parse(procStat.bytes(), n, cpu)) {
            lastError = n <= 0 ? procStat.path() + ": " + procStat.lastError() : root.resolve("stat") + ": no aggregate cpu line";
            return false;
        }
        scans++;
        return true;
    }

    /**
     * Reads {@code /proc/stat} and then every process, handing each to {@code sink}.
     *
     * @return the number of processes handed to the sink, or -1 when {@code /proc/stat} could not be
     *         read or parsed (see {@link #lastError()}); nothing is handed to the sink then
     */
    public int scan(ProcessSink sink) {
        int n = procStat.read();
        if (n <= 0 || !ProcStatParser.parse(procStat.bytes(), n, cpu)) {
            // an empty read (a file caught while being rewritten) has no exception to name
            lastError = n < 0 ? procStat.path() + ": " + procStat.lastError()
                    : root.resolve("stat") + (n == 0 ? ": empty" : ": no aggregate cpu line");
            return -1;
        }
        scans++;
        if (fixedPids != null) {
            if (count < fixedPids.length && (relistNext || scans % relistEvery == 1)) {
                addMissingFixed();
            }
        } else {
            boolean forked = cpu.forks != lastForks;
            lastForks = cpu.forks;
            if (listEveryScan || relistNext || scans % relistEvery == 0
                    || lastPidFile != null && scans % PROBED_RELIST_EVERY == 0 || forked && !probeNewPids()) {
                list();
            }
        }
        int delivered = 0;
        // fewer descriptors than two per process: a gated process keeps only its schedstat descriptor and opens
        // stat by path when its run time moved (that open allocates: the price of a tight descriptor limit)
        tight = count > maxOpenFiles / 2;
        for (int i = 0; i < count; ) {
            KeptFile f = files[i];
            boolean reopen = listEveryScan || i >= maxOpenFiles;
            // the run time is read before stat: CPU used between the two reads moves it for the next scan
            long rt = schedstat && !reopen && single[i] ? runTime(i) : -1;
            if (rt >= 0 && rt == runtime[i]) {
                // gated (rt >= 0 needs single[i]) and it has not run since its last stat line: that line's figures,
                // kept when it was read, are exact
                statReadsSaved++;
                restoreLast(i);
                sink.process(pidStat, comms);
                delivered++;
                i++;
                continue;
            }
            int len = f.read();
            statReads++;
            runtime[i] = rt;
            if (len <= 0) {
                // exited (ESRCH on procfs) or removed. Without pid probing a new process may reuse the pid, so look
                // again; with it, reuse needs a wrap (which lists), and only a process still there (a failed open,
                // not an exit) is looked for by listing
                vanished++;
                if (lastPidFile == null || pidExists(pids[i])) {
                    relistNext = true;
                }
                removeAt(i);
                continue;
            }
            if (!PidStatParser.parse(f.bytes(), len, pidStat) || pidStat.pid != pids[i]) {
                malformed++;
                lastError = f.path() + ": malformed stat line";
                single[i] = false;
            } else {
                // newly single-threaded: the next scan reads a run time before stat, the one after may skip stat
                single[i] = pidStat.threads == 1;
                if (schedstat && single[i]) {
                    keepLast(i, f.bytes()); // only a process that may be gated needs its figures again
                }
                if (sched[i] != null && (!single[i] || rt < 0)) {
                    // no longer gated, or its schedstat descriptor failed while stat did not (it may belong to an
                    // earlier process of this pid, if stat was opened by path): give the descriptor back
                    sched[i].close();
                    sched[i] = null;
                    schedOpen--;
                    runtime[i] = -1;
                }
                sink.process(pidStat, f.bytes());
                delivered++;
                if (tight && single[i] && sched[i] != null && !reopen) {
                    f.reopenNextRead(); // its schedstat descriptor stands for it
                }
            }
            if (reopen) {
                // without procfs semantics an open file would keep reading a deleted process's inode
                f.reopenNextRead();
            }
            i++;
        }
        return delivered;
    }

    private void keepLast(int i, byte[] line) {
        PidStat p = pidStat;
        int at = i * LAST_FIELDS;
        lastFigures[at] = p.utime;
        lastFigures[at + 1] = p.stime;
        lastFigures[at + 2] = p.startTime;
        int commLen = Math.min(p.commTo - p.commFrom, COMM_STRIDE);
        System.arraycopy(line, p.commFrom, comms, i * COMM_STRIDE, commLen);
        lastFigures[at + 3] = commLen | (p.state & 0xff) << 8 | (long) p.threads << 32;
    }

    /** Fills {@link #pidStat} from the figures {@link #keepLast} kept, with the comm in {@link #comms}. */
    private void restoreLast(int i) {
        PidStat p = pidStat;
        int at = i * LAST_FIELDS;
        p.pid = pids[i];
        p.utime = lastFigures[at];
        p.stime = lastFigures[at + 1];
        p.startTime = lastFigures[at + 2];
        long packed = lastFigures[at + 3];
        p.commFrom = i * COMM_STRIDE;
        p.commTo = p.commFrom + (int) (packed & 0xff);
        p.state = (byte) (packed >>> 8);
        p.threads = (int) (packed >>> 32);
    }

    /** The process's run time in nanoseconds from its schedstat file, or -1 when it cannot be read. */
    private long runTime(int i) {
        KeptFile k = sched[i];
        if (k == null) {
            // two descriptors per gated process while they fit, one (schedstat) when the budget is tight
            if (tight ? count >= maxOpenFiles : Math.min(count, maxOpenFiles) + schedOpen >= maxOpenFiles) {
                return -1; // no descriptor left for it within the budget: its stat is read every time
            }
            k = KeptFile.lazy(files[i].path().resolveSibling("schedstat"), schedBuffer);
            sched[i] = k;
            schedOpen++;
        }
        int n = k.read();
        if (n <= 0) {
            return -1;
        }
        long ns = io.github.energy4j.internal.io.Ascii.parseUnsigned(k.bytes(), 0, n);
        return ns < 0 ? -1 : ns;
    }

    /**
     * Adds the processes among the pids handed out since the last listing or probe.
     *
     * @return false when that cannot be done exactly or cheaply (no {@code ns_last_pid}, a wrap, too many new pids):
     *         the caller lists instead
     */
    private boolean probeNewPids() {
        if (lastPidFile == null || lastPid < 0) {
            return false;
        }
        long now = lastPidFile.readDecimal(); // Ascii.INVALID (negative) when unreadable
        if (now < lastPid || now - lastPid > Math.max(MIN_PROBE_RANGE, count / 4)) {
            return false;
        }
        for (long pid = lastPid + 1; pid <= now; pid++) {
            probe((int) pid);
        }
        lastPid = now;
        return true;
    }

    /** Tracks {@code pid} if it is a live process not tracked yet (cold path: allocates). */
    private void probe(int pid) {
        pidProbes++;
        if (indexByPid.get(pid) >= 0) {
            return;
        }
        Path stat = root.resolve(Integer.toString(pid)).resolve("stat");
        String line = io.github.energy4j.internal.io.KernelFile.text(stat, STAT_CAPACITY);
        if (line == null) {
            return; // gone already, or never a process of this root
        }
        if (PidStatParser.exitSignal(line) == -1) {
            return; // a thread: /proc/[tid] answers, but only its thread group is a process
        }
        int idx = add(pid, stat);
        listedAt[idx] = listings;
    }

    private void list() {
        relistNext = false;
        listings++;
        if (lastPidFile != null) {
            // before the listing: a pid handed out while it runs is above this and is probed next time
            lastPid = lastPidFile.readDecimal();
        }
        long epoch = listings;
        // File.list() returns bare names: no Path per entry and no iterator, measurably cheaper than a
        // DirectoryStream on a 10k-entry /proc; a stat Path is built only for pids seen for the first time
        String[] names = rootDir.list();
        if (names == null) {
            lastError = root + ": cannot list";
            return;
        }
        for (String name : names) {
            int pid = parsePid(name);
            if (pid <= 0) {
                continue;
            }
            int idx = indexByPid.get(pid);
            if (idx < 0) {
                idx = add(pid, root.resolve(name).resolve("stat"));
            }
            listedAt[idx] = epoch;
        }
        for (int i = 0; i < count; ) {
            if (listedAt[i] != epoch) {
                vanished++;
                removeAt(i);
            } else {
                i++;
            }
        }
    }

    private void addMissingFixed() {
        relistNext = false;
        listings++;
        for (int pid : fixedPids) {
            if (indexByPid.get(pid) < 0) {
                Path stat = root.resolve(Integer.toString(pid)).resolve("stat");
                if (Files.isReadable(stat)) {
                    add(pid, stat);
                }
            }
        }
    }

    private static int parsePid(String name) {
        int len = name.length();
        if (len == 0 || len > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < len; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private int add(int pid, Path statPath) {
        if (count == files.length) {
            int cap = files.length * 2;
            files = java.util.Arrays.copyOf(files, cap);
            pids = java.util.Arrays.copyOf(pids, cap);
            listedAt = java.util.Arrays.copyOf(listedAt, cap);
            sched = java.util.Arrays.copyOf(sched, cap);
            runtime = java.util.Arrays.copyOf(runtime, cap);
            single = java.util.Arrays.copyOf(single, cap);
            lastFigures = java.util.Arrays.copyOf(lastFigures, cap * LAST_FIELDS);
            comms = java.util.Arrays.copyOf(comms, cap * COMM_STRIDE);
        }
        int idx = count++;
        files[idx] = KeptFile.lazy(statPath, statBuffer);
        sched[idx] = null;
        runtime[idx] = -1;
        single[idx] = false;
        pids[idx] = pid;
        indexByPid.put(pid, idx);
        return idx;
    }

    private void removeAt(int i) {
        files[i].close();
        if (sched[i] != null) {
            sched[i].close();
            schedOpen--;
        }
        indexByPid.remove(pids[i]);
        int last = --count;
        if (i != last) {
            files[i] = files[last];
            pids[i] = pids[last];
            listedAt[i] = listedAt[last];
            sched[i] = sched[last];
            runtime[i] = runtime[last];
            single[i] = single[last];
            System.arraycopy(lastFigures, last * LAST_FIELDS, lastFigures, i * LAST_FIELDS, LAST_FIELDS);
            System.arraycopy(comms, last * COMM_STRIDE, comms, i * COMM_STRIDE, COMM_STRIDE);
            indexByPid.put(pids[i], i);
        }
        files[last] = null;
        sched[last] = null;
    }

    /** Process stat files read so far. */
    public long statReads() {
        return statReads;
    }

    /**
     * Stat reads saved so far: single-threaded processes whose schedstat run time had not moved, so their last
     * stat line's figures were handed out again instead (see the class description).
     */
    public long statReadsSaved() {
        return statReadsSaved;
    }

    /** Whether stat reads of single-threaded processes are gated by their schedstat run time on this root. */
    public boolean gatesBySchedstat() {
        return schedstat;
    }

    /** Processes currently tracked. */
    public int trackedProcesses() {
        return count;
    }

    /** Pids tried since the last listing instead of listing again (see the class description). */
    public long pidProbes() {
        return pidProbes;
    }

    /** Whether new processes are looked for by pid on this root (see the class description). */
    public boolean probesNewPids() {
        return lastPidFile != null;
    }

    /** How many times the directory was listed. */
    public long listings() {
        return listings;
    }

    /** Processes that disappeared between listing and reading or between scans. */
    public long vanished() {
        return vanished;
    }

    /** Stat files that could not be parsed. */
    public long malformed() {
        return malformed;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        for (int i = 0; i < count; i++) {
            files[i].close();
            if (sched[i] != null) {
                sched[i].close();
            }
        }
        procStat.close();
        if (lastPidFile != null) {
            lastPidFile.close();
        }
    }
}
