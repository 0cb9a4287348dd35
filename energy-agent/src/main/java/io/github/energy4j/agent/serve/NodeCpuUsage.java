package io.github.energy4j.agent.serve;

import io.github.energy4j.agent.procstat.ProcStatFile;
import io.github.energy4j.procfs.CpuTimes;
import java.nio.file.Path;

/**
 * The node's CPU usage ratio between two calls, from the aggregate {@code cpu} line of {@code <procfs>/stat}:
 * busy ticks (user, nice, system, irq, softirq, steal) over all ticks (busy plus idle and iowait) of the
 * interval, the same split the meter uses. Read once per export frame into a reused buffer. Not thread-safe.
 */
public final class NodeCpuUsage {

    private final ProcStatFile stat;
    private final CpuTimes now = new CpuTimes();
    private final CpuTimes before = new CpuTimes();
    private boolean haveBefore;

    /** Takes the baseline, so that the first {@link #next()} covers the time since construction. */
    public NodeCpuUsage(Path procfs) {
        this.stat = new ProcStatFile(procfs);
        haveBefore = read(before);
    }

    /**
     * Busy share of all CPUs since the previous call (or construction), in [0, 1]; NaN when {@code stat}
     * cannot be read or parsed, when no tick has passed, or when the counters went backwards (a new baseline
     * is taken then).
     */
    public double next() {
        if (!read(now)) {
            return Double.NaN;
        }
        double ratio = haveBefore ? ratio(before, now) : Double.NaN;
        before.copyFrom(now);
        haveBefore = true;
        return ratio;
    }

    /** Busy share between two readings; NaN when no tick passed or a counter went backwards. */
    static double ratio(CpuTimes from, CpuTimes to) {
        long busy = to.busyTicks() - from.busyTicks();
        long idle = to.idleTicks() - from.idleTicks();
        if (busy < 0 || idle < 0 || busy + idle == 0) {
            return Double.NaN;
        }
        return (double) busy / (busy + idle);
    }

    private boolean read(CpuTimes into) {
        return stat.read(into);
    }
}
