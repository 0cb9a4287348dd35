package io.github.energy4j.agent.procstat;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.procfs.CpuTimes;
import io.github.energy4j.procfs.ProcStatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <procfs>/stat} read whole into a reused buffer and parsed into {@link CpuTimes}: for the agent's readers
 * of node CPU time outside the sampler ({@code run}'s busy time, {@code serve}'s usage ratio). Not thread-safe.
 */
public final class ProcStatFile {

    private final Path stat;
    private byte[] buf = new byte[4096];

    /** @param procfs the proc root the meter reads */
    /** /proc/stat of 4,096 CPUs is under 1 MiB. */
    static final int MAX_BYTES = 4 << 20;

    public ProcStatFile(Path procfs) {
        this.stat = procfs.resolve("stat");
    }

    /** Reads and parses the file into {@code into}; false when it cannot be read or has no aggregate cpu line. */
    public boolean read(CpuTimes into) {
        try (InputStream in = KernelFile.stream(stat)) {
            int len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    if (buf.length >= MAX_BYTES) {
                        return false; // not a /proc/stat: no machine has that many CPUs
                    }
                    byte[] bigger = new byte[buf.length * 2]; // many CPUs: grow once, then reuse
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                }
            }
            return ProcStatParser.parse(buf, len, into);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
