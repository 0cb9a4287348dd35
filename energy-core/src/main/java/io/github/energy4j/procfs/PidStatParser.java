package io.github.energy4j.procfs;

import io.github.energy4j.internal.io.Ascii;

/**
 * Parses {@code /proc/[pid]/stat}. The comm (field 2) may contain spaces, parentheses and even
 * newlines, so fields are counted from the LAST {@code ')'} of the line, never by splitting.
 * Allocation-free; never throws.
 */
public final class PidStatParser {

    private PidStatParser() {
    }

    /**
     * The {@code exit_signal} field (38) of a stat line, counted from its last {@code ')'}: -1 for a thread that is
     * not its group's leader ({@code CLONE_THREAD}), a signal number (usually 17, SIGCHLD, or 0) for a process.
     * Cold path.
     *
     * @return the value, or {@link Integer#MIN_VALUE} when the line has no such field
     */
    public static int exitSignal(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return Integer.MIN_VALUE;
        }
        String[] f = line.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field 38 is f[35]
        if (f.length < 36) {
            return Integer.MIN_VALUE;
        }
        try {
            return Integer.parseInt(f[35]);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /**
     * Parses {@code buf[0, len)} into {@code out}.
     *
     * @return true when pid, state, utime, stime and starttime were all found
     */
    public static boolean parse(byte[] buf, int len, PidStat out) {
        int open = -1;
        for (int i = 0; i < len; i++) {
            if (buf[i] == '(') {
                open = i;
                break;
            }
        }
        int close = -1;
        for (int i = len - 1; i > open; i--) {
            if (buf[i] == ')') {
                close = i;
                break;
            }
        }
        if (open <= 0 || close < 0) {
            return false;
        }
        long pid = Ascii.parseUnsigned(buf, 0, open);
        if (pid == Ascii.INVALID || pid > Integer.MAX_VALUE) {
            return false;
        }
        out.pid = (int) pid;
        out.commFrom = open + 1;
        out.commTo = close;
        // after ") ": field 3 is state; utime is field 14, stime 15, num_threads 20, starttime 22 (proc(5))
        int i = Ascii.skipBlanks(buf, close + 1, len);
        if (i >= len) {
            return false;
        }
        out.state = buf[i];
        int field = 3;
        long utime = Ascii.INVALID;
        long stime = Ascii.INVALID;
        long start = Ascii.INVALID;
        long threads = Ascii.INVALID;
        while (i < len && field < 22) {
            i = Ascii.skipToken(buf, i, len);
            i = Ascii.skipBlanks(buf, i, len);
            field++;
            if (field == 14) {
                utime = Ascii.parseUnsigned(buf, i, len);
            } else if (field == 15) {
                stime = Ascii.parseUnsigned(buf, i, len);
            } else if (field == 20) {
                threads = Ascii.parseUnsigned(buf, i, len);
            } else if (field == 22) {
                start = Ascii.parseUnsigned(buf, i, len);
            }
        }
        if (utime == Ascii.INVALID || stime == Ascii.INVALID || start == Ascii.INVALID) {
            return false;
        }
        // no kernel counts this many ticks; refusing them keeps utime + stime from wrapping negative
        if (utime > CpuTimes.MAX_TICKS || stime > CpuTimes.MAX_TICKS) {
            return false;
        }
        out.utime = utime;
        out.stime = stime;
        out.startTime = start;
        out.threads = threads == Ascii.INVALID || threads > Integer.MAX_VALUE ? 0 : (int) threads;
        return true;
    }
}
