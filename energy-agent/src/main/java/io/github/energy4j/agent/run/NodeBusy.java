package io.github.energy4j.agent.run;

import io.github.energy4j.agent.procstat.ProcStatFile;
import io.github.energy4j.procfs.CpuTimes;
import java.nio.file.Path;

/**
 * The node's busy CPU time from the aggregate {@code cpu} line of {@code <procfs>/stat}: user, nice, system, irq,
 * softirq and steal ticks, the time the meter divides a zone's active energy by. Not thread-safe.
 */
public final class NodeBusy {

    private final ProcStatFile stat;
    private final CpuTimes times = new CpuTimes();

    /** @param procfs the proc root the meter reads */
    public NodeBusy(Path procfs) {
        this.stat = new ProcStatFile(procfs);
    }

    /** Busy ticks since boot, or -1 when {@code stat} cannot be read or parsed. */
    public long ticks() {
        return stat.read(times) ? times.busyTicks() : -1;
    }
}
