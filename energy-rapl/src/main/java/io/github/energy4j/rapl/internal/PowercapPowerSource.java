package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads powercap {@code energy_uj} counters. Each file stays open; a sample is one positioned read at
 * offset 0 per zone (sysfs regenerates the attribute on every read at offset 0) into a reused direct
 * buffer, parsed as ASCII decimal without creating a String.
 *
 * <p>Allocation-free after warm-up while every zone reads; sampler thread only ({@link #close()} may
 * come from another thread after the sampler stopped). A failed zone gets {@link #UNAVAILABLE}, its
 * channel is dropped and reopened on the next read (a CPU hot-plug re-creates the zone).
 */
public final class PowercapPowerSource implements PowerSource {

    private static final Logger LOG = LoggerFactory.getLogger(PowercapPowerSource.class);
    private static final int MAX_LEN = 32;

    private final String id;
    private final List<Zone> zones;
    private final Path[] files;
    private final FileChannel[] channels;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(MAX_LEN);
    private final byte[] bytes = new byte[MAX_LEN];
    private volatile boolean closed;
    private String lastError = "";
    private boolean warned;

    private PowercapPowerSource(String id, List<Zone> zones, List<Path> files) {
        this.id = id;
        this.zones = List.copyOf(zones);
        this.files = files.toArray(new Path[0]);
        this.channels = new FileChannel[this.files.length];
    }

    /** Opens every counter file it can; a file that cannot be opened now is retried on each read. */
    public static PowercapPowerSource open(String id, List<Zone> zones, List<Path> files) {
        if (zones.size() != files.size()) {
            throw new IllegalArgumentException("zones and files differ in size");
        }
        PowercapPowerSource s = new PowercapPowerSource(id, zones, files);
        for (int i = 0; i < s.files.length; i++) {
            s.channels[i] = s.openChannel(i);
        }
        return s;
    }

    /** One trial read of a counter file for the probe: the outcome and, when not OK, why. */
    public static ZoneTrial trial(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MAX_LEN);
            int n = ch.read(b, 0);
            if (n <= 0) {
                return new ZoneTrial(ReadOutcome.ERROR, "empty");
            }
            long v = AsciiDecimal.parse(b.array(), n);
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
    public String id() {
        return id;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    @Override
    public int read(long[] values) {
        if (closed) {
            lastError = "source closed";
            return READ_FAILED;
        }
        final int n = channels.length;
        boolean failed = false;
        for (int i = 0; i < n; i++) {
            long v = readZone(i);
            values[i] = v;
            failed |= v == UNAVAILABLE;
        }
        if (!failed) {
            lastError = "";
        }
        return n;
    }

    private long readZone(int i) {
        FileChannel ch = channels[i];
        if (ch == null) {
            ch = openChannel(i);
            if (ch == null) {
                return UNAVAILABLE;
            }
            channels[i] = ch;
        }
        try {
            final ByteBuffer b = buf;
            b.clear();
            int len = ch.read(b, 0);
            if (len <= 0) {
                return dropAndFail(i, ch, "empty read");
            }
            b.get(0, bytes, 0, len);
            long v = AsciiDecimal.parse(bytes, len);
            return v < 0 ? dropAndFail(i, ch, "not a decimal counter") : v;
        } catch (IOException e) {
            closeQuietly(ch);
            channels[i] = null;
            return fail(i, ReadOutcome.describe(e), e);
        }
    }

    /**
     * A zone that answers nonsense may have been removed and re-created (hot-plug, driver reload): the
     * open channel would keep reading the old file, so it is dropped and reopened on the next read.
     */
    private long dropAndFail(int i, FileChannel ch, String why) {
        closeQuietly(ch);
        channels[i] = null;
        return fail(i, why, null);
    }

    private FileChannel openChannel(int i) {
        if (closed) {
            return null;
        }
        try {
            return FileChannel.open(files[i], StandardOpenOption.READ);
        } catch (IOException e) {
            fail(i, ReadOutcome.describe(e), e);
            return null;
        }
    }

    private long fail(int i, String why, IOException e) {
        lastError = zones.get(i).name() + ": " + files[i] + ": " + why;
        if (!warned) {
            warned = true;
            LOG.warn("RAPL counter unreadable, zone reported as unavailable: {}", lastError, e);
        } else {
            LOG.debug("RAPL counter unreadable: {}", lastError);
        }
        return UNAVAILABLE;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < channels.length; i++) {
            FileChannel ch = channels[i];
            channels[i] = null;
            if (ch != null) {
                closeQuietly(ch);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a sysfs file cannot fail in a way we can act on
        }
    }
}
