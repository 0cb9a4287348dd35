package io.github.energy4j.agent.run;

import io.github.energy4j.procfs.CpuTimes;
import io.github.energy4j.procfs.ProcStatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's busy CPU time from the aggregate {@code cpu} line of {@code <procfs>/stat}: user, nice, system, irq,
 * softirq and steal ticks, the time the meter divides a zone's active energy by. Not thread-safe.
 */
public final class NodeBusy {

    private final Path stat;
    private final CpuTimes times = new CpuTimes();
    private byte[] buf = new byte[4096];

    /** @param procfs the proc root the meter reads */
    public NodeBusy(Path procfs) {
        this.stat = procfs.resolve("stat");
    }

    /** Busy ticks since boot, or -1 when {@code stat} cannot be read or parsed. */
    public long ticks() {
        try (InputStream in = Files.newInputStream(stat)) {
            int len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    byte[] bigger = new byte[buf.length * 2]; // many CPUs: grow once, then reuse
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                }
            }
            return ProcStatParser.parse(buf, len, times) ? times.busyTicks() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
