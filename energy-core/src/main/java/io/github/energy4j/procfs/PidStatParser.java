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
