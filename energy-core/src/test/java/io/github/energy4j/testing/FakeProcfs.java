package io.github.energy4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Builds a fake {@code /proc} tree in the kernel's exact text formats ({@code /proc/stat},
 * {@code /proc/[pid]/stat}, {@code /proc/[pid]/cgroup}, {@code /proc/loadavg}) for tests.
 * Shared with the other modules through energy-core's test-jar.
 */
public final class FakeProcfs {

    private final Path root;

    /**
     * The host's USER_HZ, which the meter divides the tree's tick counts by (for other modules' tests, which do not
     * see energy-core's procfs package).
     */
    public static long userHz() {
        return io.github.energy4j.procfs.ClockTicks.perSecond();
    }
    private int cpus = 2;
    private long user, nice, system, idle, iowait, irq, softirq, steal;
    private long forks = 1000;
    private int lastPid = 1;

    private FakeProcfs(Path root) {
        this.root = root;
    }

    /** Creates the tree under {@code root} with an idle 2-CPU node. */
    public static FakeProcfs create(Path root) {
        FakeProcfs p = new FakeProcfs(root);
        p.writeStat();
        return p;
    }

    public Path root() {
        return root;
    }

    /** Sets the number of CPUs ({@code cpuN} lines). */
    public FakeProcfs cpus(int n) {
        this.cpus = n;
        return writeStat();
    }

    /**
     * Sets the aggregate {@code cpu} line in clock ticks (USER_HZ); per-CPU lines split it evenly.
     */
    public FakeProcfs cpuTicks(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                               long steal) {
        this.user = user;
        this.nice = nice;
        this.system = system;
        this.idle = idle;
        this.iowait = iowait;
        this.irq = irq;
        this.softirq = softirq;
        this.steal = steal;
        return writeStat();
    }

    /** Adds busy (user) and idle ticks to the aggregate cpu line. */
    public FakeProcfs advanceCpu(long userTicks, long idleTicks) {
        this.user += userTicks;
        this.idle += idleTicks;
        return writeStat();
    }

    /** Sets the {@code processes} (forks since boot) line, which tells readers that pids appeared. */
    public FakeProcfs forks(long forks) {
        this.forks = forks;
        return writeStat();
    }

    public long forks() {
        return forks;
    }

    /**
     * Writes {@code /proc/[pid]/stat} with the given comm (written verbatim between parentheses, so
     * it may contain spaces, parentheses and newlines), utime/stime in ticks and start time in ticks
     * since boot. Bumps the fork counter and last pid as the kernel would on creation.
     */
    public FakeProcfs process(int pid, String comm, long utime, long stime, long startTime) {
        Path dir = root.resolve(Integer.toString(pid));
        boolean created = !Files.isDirectory(dir);
        write(dir.resolve("stat"), pidStatLine(pid, comm, 'S', utime, stime, startTime));
        write(dir.resolve("comm"), comm + "\n");
        if (created) {
            forks++;
            lastPid = pid;
            writeStat();
        }
        return this;
    }

    /** Writes {@code /proc/[pid]/cgroup} verbatim. */
    public FakeProcfs cgroup(int pid, String content) {
        write(root.resolve(Integer.toString(pid)).resolve("cgroup"), content);
        return this;
    }

    /** Removes {@code /proc/[pid]} as when a process exits and is reaped. */
    public FakeProcfs exit(int pid) {
        Path dir = root.resolve(Integer.toString(pid));
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** One line of {@code /proc/[pid]/stat} in the kernel's format (52 fields). */
    public static String pidStatLine(int pid, String comm, char state, long utime, long stime, long startTime) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(pid).append(" (").append(comm).append(") ").append(state);
        // ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
        sb.append(" 1 ").append(pid).append(' ').append(pid).append(" 0 -1 4194560 1523 0 12 0");
        // utime stime cutime cstime priority nice num_threads itrealvalue starttime
        sb.append(' ').append(utime).append(' ').append(stime).append(" 0 0 20 0 1 0 ").append(startTime);
        // vsize rss rsslim and the remaining fields of a 6.x kernel
        sb.append(" 22515712 1350 18446744073709551615 94220035657728 94220035843185 140736416616448 0 0 0 0 0"
                + " 0 0 17 1 0 0 0 0 0 94220035905584 94220035918080 94220063588352 140736416620417"
                + " 140736416620437 140736416620437 140736416624622 0\n");
        return sb.toString();
    }

    private FakeProcfs writeStat() {
        StringBuilder sb = new StringBuilder(512);
        line(sb, "cpu ", user, nice, system, idle, iowait, irq, softirq, steal);
        for (int c = 0; c < cpus; c++) {
            line(sb, "cpu" + c, user / cpus, nice / cpus, system / cpus, idle / cpus, iowait / cpus, irq / cpus,
                    softirq / cpus, steal / cpus);
        }
        sb.append("intr 1234567 0 9 0 0 0 0 0 0 0 0 0 0 0\n");
        sb.append("ctxt 987654321\n");
        sb.append("btime 1700000000\n");
        sb.append("processes ").append(forks).append('\n');
        sb.append("procs_running 1\n");
        sb.append("procs_blocked 0\n");
        sb.append("softirq 1 0 0 0 0 0 0 0 0 0 0\n");
        write(root.resolve("stat"), sb.toString());
        write(root.resolve("loadavg"), "0.10 0.20 0.30 1/250 " + lastPid + "\n");
        write(root.resolve("uptime"), "12345.67 23456.78\n");
        return this;
    }

    private static void line(StringBuilder sb, String name, long u, long n, long s, long i, long io, long irq,
                             long sirq, long st) {
        sb.append(name).append(' ').append(u).append(' ').append(n).append(' ').append(s).append(' ').append(i)
                .append(' ').append(io).append(' ').append(irq).append(' ').append(sirq).append(' ').append(st)
                .append(" 0 0\n");
    }

    /** Writes a file in place (same inode, as the kernel's files keep theirs), creating parents. */
    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
