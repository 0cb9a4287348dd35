package io.github.energy4j.agent.run;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.ProcessEnergy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes of one command: the root and every process whose parent chain leads to it, found from
 * {@code <procfs>/[pid]/stat} each sample. A process that starts and exits between two samples, or whose
 * parent exits before it is seen (it is re-parented), is not a member; shorter intervals miss less. The CPU
 * time of such a process still counts when it was reaped within the tree ({@link CommandEnergy}).
 * Not thread-safe.
 */
public final class ProcessTree {

    private final Path procfs;
    private final int rootPid;
    private long rootStart = -1;
    /** Identities (pid, start time) of members, exited ones included. */
    private final Set<Long> members = new HashSet<>();

    public ProcessTree(Path procfs, int rootPid) {
        this.procfs = procfs;
        this.rootPid = rootPid;
    }

    /** Adds the new descendants among the snapshot's processes. */
    public void update(List<ProcessEnergy> processes) {
        Set<Integer> livePids = new HashSet<>();
        for (ProcessEnergy p : processes) {
            if (rootStart < 0 && p.pid() == rootPid && !p.exited()) {
                rootStart = p.startTimeTicks();
                members.add(key(p));
            }
            if (members.contains(key(p)) && !p.exited()) {
                livePids.add(p.pid());
            }
        }
        if (rootStart < 0) {
            return;
        }
        boolean grew = true;
        while (grew) { // parents may come after their children in the list
            grew = false;
            for (ProcessEnergy p : processes) {
                if (p.exited() || p.startTimeTicks() < rootStart || members.contains(key(p))) {
                    continue;
                }
                int ppid = parentOf(p.pid());
                if (ppid > 0 && livePids.contains(ppid)) {
                    members.add(key(p));
                    livePids.add(p.pid());
                    grew = true;
                }
            }
        }
    }

    public boolean contains(ProcessEnergy p) {
        return members.contains(key(p));
    }

    public int size() {
        return members.size();
    }

    private int parentOf(int pid) {
        String stat = KernelFile.text(procfs.resolve(Integer.toString(pid)).resolve("stat"));
        return stat == null ? -1 : parsePpid(stat); // null: exited meanwhile, or not a regular file
    }

    /** The ppid field of a {@code /proc/[pid]/stat} line (the comm may hold spaces and parentheses), or -1. */
    public static int parsePpid(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        int i = close + 1;
        int n = stat.length();
        // skip " S "
        while (i < n && stat.charAt(i) == ' ') {
            i++;
        }
        while (i < n && stat.charAt(i) != ' ') {
            i++;
        }
        while (i < n && stat.charAt(i) == ' ') {
            i++;
        }
        int v = 0;
        int start = i;
        while (i < n && stat.charAt(i) >= '0' && stat.charAt(i) <= '9') {
            v = v * 10 + (stat.charAt(i) - '0');
            i++;
        }
        return i == start ? -1 : v;
    }

    private static long key(ProcessEnergy p) {
        return ((long) p.pid() << 40) ^ p.startTimeTicks();
    }
}
