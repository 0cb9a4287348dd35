package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.Zone;
import java.io.IOException;
import io.github.energy4j.internal.io.CounterFile;
import io.github.energy4j.internal.io.Ascii;
import io.github.energy4j.internal.io.KernelFile;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads powercap {@code energy_uj} counters through {@link CounterFile}s: each file stays open; a sample is one
 * positioned read at offset 0 per zone into a reused direct buffer, parsed as ASCII decimal without creating a
 * String. Only regular files are opened (a FIFO in place of a counter is refused, never waited on); a counter file
 * that was replaced is re-opened and that interval is reported unavailable, so the total restarts from the new file
 * instead of freezing; a value above the zone's range ({@code max_energy_range_uj}) is refused.
 *
 * <p>Allocation-free after warm-up while every zone reads; sampler thread only ({@link #close()} may
 * come from another thread after the sampler stopped). A failed zone gets {@link #UNAVAILABLE}, and its file is
 * reopened on the next read (a CPU hot-plug re-creates the zone).
 */
public final class PowercapPowerSource extends ZoneReadingSource {

    private static final Logger LOG = LoggerFactory.getLogger(PowercapPowerSource.class);
    private static final int MAX_LEN = 32;

    private final CounterFile[] files;

    private PowercapPowerSource(String id, List<Zone> zones, List<Path> files) {
        super(id, zones, LOG, "RAPL counter");
        this.files = new CounterFile[files.size()];
        for (int i = 0; i < this.files.length; i++) {
            long modulus = zones.get(i).wrapModulus();
            // the kernel's counter runs from 0 to max_energy_range_uj = wrapModulus - 1
            this.files[i] = new CounterFile(files.get(i), modulus > 0 ? modulus - 1 : Long.MAX_VALUE);
        }
    }

    /** Opens every counter file it can; a file that cannot be opened now is retried on each read. */
    public static PowercapPowerSource open(String id, List<Zone> zones, List<Path> files) {
        if (zones.size() != files.size()) {
            throw new IllegalArgumentException("zones and files differ in size");
        }
        return new PowercapPowerSource(id, zones, files);
    }

    /** One trial read of a counter file for the probe: the outcome and, when not OK, why. */
    public static ZoneTrial trial(Path file) {
        String why = KernelFile.notRegular(file);
        if (why != null) {
            ReadOutcome o = why.equals("no such file") ? ReadOutcome.MISSING
                    : why.equals("permission denied") ? ReadOutcome.DENIED : ReadOutcome.ERROR;
            return new ZoneTrial(o, why);
        }
        try {
            byte[] b = new byte[MAX_LEN + 1];
            int n = KernelFile.read(file, b);
            if (n <= 0) {
                return new ZoneTrial(ReadOutcome.ERROR, "empty");
            }
            long v = n > MAX_LEN ? Ascii.INVALID : Ascii.parseWhole(b, n);
            return v < 0 ? new ZoneTrial(ReadOutcome.ERROR, "not a decimal counter")
                    : new ZoneTrial(ReadOutcome.OK, "");
        } catch (IOException e) {
            return new ZoneTrial(ReadOutcome.of(e), ReadOutcome.describe(e));
        }
    }

    /** Outcome of a trial read. */
    public record ZoneTrial(ReadOutcome outcome, String detail) {
    }

    @Override
    long readZone(int i) {
        long v = files[i].read();
        return v >= 0 ? v : failed(zones().get(i).name() + ": " + files[i].path() + ": " + files[i].lastError(), null);
    }

    @Override
    void release() {
        for (CounterFile f : files) {
            f.close();
        }
    }
}
