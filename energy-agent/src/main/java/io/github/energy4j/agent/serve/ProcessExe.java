package io.github.energy4j.agent.serve;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.procfs.PidStat;
import io.github.energy4j.procfs.PidStatParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The executable path of each exported process, for Kepler's {@code exe} label: the target of
 * {@code <procfs>/[pid]/exe}, read once when a process first appears (the export's cold path) and kept while
 * the process is exported. Unreadable links (another user's process without {@code CAP_SYS_PTRACE}, kernel
 * threads, a process already gone) give an empty string, never an error. The link is only trusted when the
 * process's start time still matches afterwards, so a reused pid never lends its executable to the old process.
 * Not thread-safe (the exporter serializes frames).
 */
public final class ProcessExe {

    /** For namings or levels without process series: every path is empty and nothing is read. */
    public static final ProcessExe NONE = new ProcessExe(null);

    private final Path procfs;
    private final Map<Key, String> known = new HashMap<>();
    private final Set<Key> seen = new HashSet<>();
    private final byte[] buf = new byte[1024];
    private final PidStat stat = new PidStat();
    private long reads;

    private record Key(int pid, long startTime) {
    }

    /** @param procfs the proc root, or null for {@link #NONE} */
    public ProcessExe(Path procfs) {
        this.procfs = procfs;
    }

    /** The executable of the process ({@code pid}, {@code startTime}); empty when it cannot be known. */
    public String of(int pid, long startTime) {
        if (procfs == null) {
            return "";
        }
        Key k = new Key(pid, startTime);
        String exe = known.get(k);
        if (exe == null) {
            exe = read(pid, startTime);
            reads++;
            known.put(k, exe);
        }
        seen.add(k);
        return exe;
    }

    /** Ends a frame: forgets the processes {@link #of} was not asked about since the previous call. */
    public void endFrame() {
        known.keySet().retainAll(seen);
        seen.clear();
    }

    /** Links read so far (one per new process). */
    public long reads() {
        return reads;
    }

    private String read(int pid, long startTime) {
        Path dir = procfs.resolve(Integer.toString(pid));
        String target;
        try {
            target = Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
        return sameProcess(dir, startTime) ? target : "";
    }

    private boolean sameProcess(Path dir, long startTime) {
        try (var in = KernelFile.stream(dir.resolve("stat"))) {
            int len = in.readNBytes(buf, 0, buf.length);
            return PidStatParser.parse(buf, len, stat) && stat.startTime == startTime;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
