package io.github.energy4j.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A counter attribute (e.g. powercap {@code energy_uj}) kept open and read with one positioned read at offset 0
 * per sample (sysfs regenerates the text on each read at offset 0) into a reused direct buffer.
 *
 * <p>A kept-open file that was replaced (deleted and re-created, or renamed over, as on a driver reload) would go
 * on reading the old inode: a frozen total. So when a value repeats, the path's identity (device and inode) is
 * compared with the open file's; when it differs the file is re-opened and that read reports {@link #REPLACED}, so
 * the caller accounts the interval as a reset. Values above the counter's range are refused ({@link #OUT_OF_RANGE}).
 *
 * <p>Allocation-free after warm-up while the value moves; the identity check (which allocates) runs only when a
 * value repeats or after an error. Sampler thread only; {@link #close()} from any thread after the sampler stopped.
 */
public final class CounterFile implements AutoCloseable {

    /** Statuses of {@link #read()}: all negative, never a counter value. */
    public static final long UNREADABLE = -1;
    public static final long NOT_A_NUMBER = -2;
    public static final long OUT_OF_RANGE = -3;
    public static final long REPLACED = -4;

    private static final int MAX_LEN = 32;

    private final Path path;
    private final long maxValue;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(MAX_LEN + 1);
    private final byte[] bytes = new byte[MAX_LEN + 1];
    private FileChannel channel;
    private Object fileKey;
    private long last = -1;
    private String lastError = "";

    /**
     * @param maxValue the largest valid value (e.g. {@code max_energy_range_uj}); {@code Long.MAX_VALUE} for none
     */
    public CounterFile(Path path, long maxValue) {
        this.path = path;
        this.maxValue = maxValue <= 0 ? Long.MAX_VALUE : maxValue;
    }

    public Path path() {
        return path;
    }

    /** Why the last read failed ("" after a good one). */
    public String lastError() {
        return lastError;
    }

    /**
     * @return the counter value ({@code >= 0}) or a negative status: {@link #UNREADABLE} (cannot open or read; see
     *         {@link #lastError()}), {@link #NOT_A_NUMBER}, {@link #OUT_OF_RANGE}, {@link #REPLACED} (re-opened; the
     *         next read is a fresh baseline)
     */
    public long read() {
        FileChannel ch = channel;
        if (ch == null) {
            ch = reopen();
            if (ch == null) {
                return UNREADABLE;
            }
        }
        int len;
        try {
            final ByteBuffer b = buf;
            b.clear();
            len = ch.read(b, 0);
            if (len > 0) {
                b.get(0, bytes, 0, len);
            }
        } catch (IOException e) {
            drop();
            lastError = KernelFile.describe(e);
            return UNREADABLE;
        }
        if (len <= 0) {
            return dropWith("empty read", UNREADABLE);
        }
        long v = len > MAX_LEN ? KernelFile.INVALID : KernelFile.parseDecimal(bytes, len);
        if (v < 0) {
            return dropWith("not a decimal counter", NOT_A_NUMBER);
        }
        if (v > maxValue) {
            lastError = "value " + v + " above the counter's range " + maxValue;
            return OUT_OF_RANGE;
        }
        if (v == last && replaced()) {
            drop();
            last = -1;
            lastError = "the counter file was replaced; re-opened, interval counted as a reset";
            return REPLACED;
        }
        last = v;
        lastError = "";
        return v;
    }

    private long dropWith(String why, long status) {
        // nonsense may mean the file was removed and re-created: re-open on the next read
        drop();
        lastError = why;
        return status;
    }

    /** Whether the path now names a different file than the open one (cold: allocates). */
    private boolean replaced() {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return now != null && fileKey != null && !now.equals(fileKey);
        } catch (IOException e) {
            return true; // deleted: the open file is stale
        }
    }

    private FileChannel reopen() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            String why = a.isRegularFile() ? null : KernelFile.notRegular(path);
            if (why != null) {
                lastError = why;
                return null;
            }
            FileChannel ch = KernelFile.open(path);
            fileKey = a.fileKey();
            channel = ch;
            return ch;
        } catch (IOException e) {
            lastError = KernelFile.describe(e);
            return null;
        }
    }

    private void drop() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a kernel attribute cannot fail in a way we can act on
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
