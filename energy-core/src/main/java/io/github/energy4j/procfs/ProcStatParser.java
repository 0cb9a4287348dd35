package io.github.energy4j.procfs;

import io.github.energy4j.internal.io.Ascii;

/** Parses {@code /proc/stat} from bytes. Allocation-free; never throws. */
public final class ProcStatParser {

    private static final byte[] CPU = {'c', 'p', 'u'};
    private static final byte[] PROCESSES = {'p', 'r', 'o', 'c', 'e', 's', 's', 'e', 's', ' '};

    private ProcStatParser() {
    }

    /**
     * Fills {@code out} from the text in {@code buf[0, len)}.
     *
     * @return true when the aggregate cpu line was found and well formed
     */
    public static boolean parse(byte[] buf, int len, CpuTimes out) {
        boolean cpuFound = false;
        int cpus = 0;
        out.forks = -1;
        int i = 0;
        while (i < len) {
            if (Ascii.startsWith(buf, i, len, CPU)) {
                int after = i + 3;
                if (after < len && (buf[after] == ' ' || buf[after] == '\t')) {
                    cpuFound = parseCpuLine(buf, after, len, out);
                } else if (after < len && buf[after] >= '0' && buf[after] <= '9') {
                    cpus++;
                }
            } else if (Ascii.startsWith(buf, i, len, PROCESSES)) {
                out.forks = Ascii.parseUnsigned(buf, i + PROCESSES.length, len);
                if (out.forks == Ascii.INVALID) {
                    out.forks = -1;
                }
            }
            i = Ascii.nextLine(buf, i, len);
        }
        out.cpuCount = cpus;
        return cpuFound;
    }

    private static boolean parseCpuLine(byte[] buf, int from, int len, CpuTimes out) {
        int i = from;
        long v0 = Ascii.parseUnsigned(buf, i, len);
        i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len);
        long v1 = Ascii.parseUnsigned(buf, i, len);
        i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len);
        long v2 = Ascii.parseUnsigned(buf, i, len);
        i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len);
        long v3 = Ascii.parseUnsigned(buf, i, len);
        if (v0 == Ascii.INVALID || v1 == Ascii.INVALID || v2 == Ascii.INVALID || v3 == Ascii.INVALID) {
            return false;
        }
        if (v0 > CpuTimes.MAX_TICKS || v1 > CpuTimes.MAX_TICKS || v2 > CpuTimes.MAX_TICKS || v3 > CpuTimes.MAX_TICKS) {
            return false; // garbage, and it would make busyTicks() wrap negative
        }
        out.user = v0;
        out.nice = v1;
        out.system = v2;
        out.idle = v3;
        // iowait, irq, softirq, steal appeared in 2.5/2.6 kernels; absent fields count as 0
        out.iowait = next(buf, len, i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len));
        out.irq = next(buf, len, i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len));
        out.softirq = next(buf, len, i = Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len));
        out.steal = next(buf, len, Ascii.skipToken(buf, Ascii.skipBlanks(buf, i, len), len));
        return true;
    }

    private static long next(byte[] buf, int len, int at) {
        int lineEnd = at;
        while (lineEnd < len && buf[lineEnd] != '\n') {
            lineEnd++;
        }
        long v = Ascii.parseUnsigned(buf, at, lineEnd);
        return v == Ascii.INVALID || v > CpuTimes.MAX_TICKS ? 0 : v;
    }
}
