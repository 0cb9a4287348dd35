package io.github.energy4j.procfs;

/**
 * The aggregate {@code cpu} line and the fork counter of {@code /proc/stat}, in clock ticks (USER_HZ).
 * A mutable holder refilled by {@link ProcStatParser} each sample. Single thread only.
 */
public final class CpuTimes {
    /**
     * Largest tick count a parser accepts (2^59, millions of years at any USER_HZ): sums of up to 16
     * such fields cannot overflow a long.
     */
    public static final long MAX_TICKS = 1L << 59;

    public long user;
    public long nice;
    public long system;
    public long idle;
    public long iowait;
    public long irq;
    public long softirq;
    public long steal;
    /** Forks since boot ({@code processes} line); -1 when absent. */
    public long forks = -1;
    /** Number of {@code cpuN} lines. */
    public int cpuCount;

    /**
     * Ticks the CPUs spent doing work: user, nice, system, irq, softirq and steal (guest time is
     * already inside user and nice).
     */
    public long busyTicks() {
        return user + nice + system + irq + softirq + steal;
    }

    /** Ticks spent idle, including I/O wait. */
    public long idleTicks() {
        return idle + iowait;
    }

    public long totalTicks() {
        return busyTicks() + idleTicks();
    }

    public void copyFrom(CpuTimes o) {
        user = o.user;
        nice = o.nice;
        system = o.system;
        idle = o.idle;
        iowait = o.iowait;
        irq = o.irq;
        softirq = o.softirq;
        steal = o.steal;
        forks = o.forks;
        cpuCount = o.cpuCount;
    }
}
