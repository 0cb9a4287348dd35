package io.github.energy4j.agent.vm;

import io.github.energy4j.procfs.PidStat;
import io.github.energy4j.procfs.PidStatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The VM each exported process runs, if any: {@code <procfs>/[pid]/cmdline} and the {@code exe} link read once when
 * a process first appears (the export's cold path), parsed by {@link VmCommandLine}, and kept while the process is
 * exported. A process whose files cannot be read (gone, another user's without {@code CAP_SYS_PTRACE}) is no VM,
 * never an error; the result is only trusted when the process's start time still matches afterwards, so a reused
 * pid never lends its command line to the process that had the pid before. Not thread-safe (the exporter
 * serializes frames).
 */
public final class VmProcesses {

    /** For levels without process or VM series: nothing is read and no process is a VM. */
    public static final VmProcesses NONE = new VmProcesses(null);

    /** The most of a command line read: QEMU's can be long, but the options used here come early enough. */
    static final int MAX_CMDLINE = 64 * 1024;

    private final Path procfs;
    private final Map<Key, VirtualMachine> known = new HashMap<>();
    private final Set<Key> seen = new HashSet<>();
    private final byte[] statBuf = new byte[1024];
    private final PidStat stat = new PidStat();
    private long reads;

    private record Key(int pid, long startTime) {
    }

    /** @param procfs the proc root, or null for {@link #NONE} */
    public VmProcesses(Path procfs) {
        this.procfs = procfs;
    }

    /** The VM that process ({@code pid}, {@code startTime}) runs; {@link VirtualMachine#NONE} when none. */
    public VirtualMachine of(int pid, long startTime) {
        if (procfs == null) {
            return VirtualMachine.NONE;
        }
        Key k = new Key(pid, startTime);
        VirtualMachine vm = known.get(k);
        if (vm == null) {
            vm = read(pid, startTime);
            reads++;
            known.put(k, vm);
        }
        seen.add(k);
        return vm;
    }

    /** Ends a frame: forgets the processes {@link #of} was not asked about since the previous call. */
    public void endFrame() {
        known.keySet().retainAll(seen);
        seen.clear();
    }

    /** Command lines read so far (one per new process). */
    public long reads() {
        return reads;
    }

    private VirtualMachine read(int pid, long startTime) {
        Path dir = procfs.resolve(Integer.toString(pid));
        byte[] cmdline;
        try (InputStream in = Files.newInputStream(dir.resolve("cmdline"))) {
            cmdline = in.readNBytes(MAX_CMDLINE);
        } catch (IOException | SecurityException e) {
            return VirtualMachine.NONE;
        }
        String exe;
        try {
            exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            exe = "";
        }
        VirtualMachine vm = VmCommandLine.parse(cmdline, cmdline.length, exe);
        return vm.isVm() && sameProcess(dir, startTime) ? vm : VirtualMachine.NONE;
    }

    private boolean sameProcess(Path dir, long startTime) {
        try (InputStream in = Files.newInputStream(dir.resolve("stat"))) {
            int len = in.readNBytes(statBuf, 0, statBuf.length);
            return PidStatParser.parse(statBuf, len, stat) && stat.startTime == startTime;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
