package io.github.energy4j.procfs;

/**
 * The fields of one {@code /proc/[pid]/stat} line that attribution needs. A mutable holder refilled by
 * {@link PidStatParser}; the comm is kept as a byte range of the parsed buffer so no String is built
 * unless the process is new.
 */
public final class PidStat {
    public int pid;
    public byte state;
    public long utime;
    public long stime;
    /** Start time in clock ticks since boot; with the pid it identifies a process across pid reuse. */
    public long startTime;
    /** Threads in the process (field 20), 0 when the line did not say. */
    public int threads;
    /** Comm bytes are {@code [commFrom, commTo)} of the parsed buffer. */
    public int commFrom;
    public int commTo;

    public long cpuTicks() {
        return utime + stime;
    }
}
