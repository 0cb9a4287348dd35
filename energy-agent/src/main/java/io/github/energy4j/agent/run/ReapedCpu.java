package io.github.energy4j.agent.run;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this process's reaped children: {@code cutime + cstime} of its own {@code stat} file, in clock
 * ticks. When a process is reaped the kernel adds its whole CPU time, and the {@code cutime + cstime} it had
 * gathered from its own reaped children, to its parent's. So across {@code Process.waitFor()} the gain is exactly
 * the CPU time of the child and of every descendant that was reaped by a parent in that chain, however briefly
 * each lived; it is kept in nanoseconds and only truncated to ticks when read, so nothing is lost per process.
 * Not in it: descendants still running when the child exits, and orphans (re-parented, so reaped by another
 * process). In it as well: any other child this process reaps meanwhile ({@code energy4j run} starts none, but
 * a source that runs a helper program, as the IPMI source runs {@code ipmitool}, adds that program's time).
 * Not thread-safe.
 */
public final class ReapedCpu {

    /** {@code cutime} is the 16th field of {@code stat}; the 3rd is the first after the command name. */
    private static final int CUTIME_AFTER_COMM = 16 - 3;

    private final Path stat;
    private final byte[] buf = new byte[1024];

    /** @param stat this process's own {@code stat} file ({@code /proc/self/stat}) */
    public ReapedCpu(Path stat) {
        this.stat = stat;
    }

    /** {@code cutime + cstime} in clock ticks, or -1 when the file cannot be read or parsed. */
    public long ticks() {
        try (InputStream in = KernelFile.stream(stat)) {
            int len = 0;
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
            }
            return parse(buf, len);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * {@code cutime + cstime} of the {@code stat} line in {@code buf[0, len)} (the command name may hold spaces
     * and parentheses), or -1 when the line ends before them or they are not unsigned numbers.
     */
    public static long parse(byte[] buf, int len) {
        int close = -1;
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return -1;
        }
        int i = close + 1;
        for (int field = 0; field < CUTIME_AFTER_COMM; field++) {
            i = skipSpaces(buf, i, len);
            while (i < len && buf[i] != ' ' && buf[i] != '\n') {
                i++;
            }
        }
        i = skipSpaces(buf, i, len);
        long cutime = unsigned(buf, i, len);
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        i = skipSpaces(buf, i, len);
        long cstime = unsigned(buf, i, len);
        return cutime < 0 || cstime < 0 ? -1 : cutime + cstime;
    }

    private static int skipSpaces(byte[] buf, int i, int len) {
        while (i < len && buf[i] == ' ') {
            i++;
        }
        return i;
    }

    /** The digits at {@code i} up to a space or the end of the line, or -1. */
    private static long unsigned(byte[] buf, int i, int len) {
        long v = 0;
        int start = i;
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            if (v > (Long.MAX_VALUE >> 4)) {
                return -1; // far beyond any real tick count
            }
            v = v * 10 + (buf[i] - '0');
            i++;
        }
        boolean ends = i == len || buf[i] == ' ' || buf[i] == '\n';
        return i == start || !ends ? -1 : v;
    }
}
