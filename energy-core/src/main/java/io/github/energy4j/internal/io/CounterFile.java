package io.github.energy4j.internal.io;

import java.nio.file.Path;

/**
 * A counter attribute (e.g. powercap {@code energy_uj}) kept open ({@link KeptFile}) and read with one positioned
 * read at offset 0 per sample.
 *
 * <p>A kept-open file that was replaced (deleted and re-created, or renamed over, as on a driver reload) would go
 * on reading the old inode: a frozen total. So when a value repeats, the path's identity (device and inode) is
 * compared with the open file's; when it differs the file is re-opened and that read reports {@link #REPLACED}, so
 * the caller reports the interval as unavailable and counts on from the new file. Values above the counter's range
 * are refused ({@link #OUT_OF_RANGE}).
 *
 * <p>Allocation-free after warm-up while the value moves; the identity check (which allocates) runs only when a
 * value repeats: for the first eight repeats in a row, then at most once a second. Sampler thread only;
 * {@link #close()} from any thread after the sampler stopped.
 */
public final class CounterFile implements AutoCloseable {

    /** Statuses of {@link #read()}: all negative, never a counter value. */
    public static final long UNREADABLE = -1;
    public static final long OUT_OF_RANGE = -3;
    public static final long REPLACED = -4;

    private static final int MAX_LEN = 32;
    private static final int FREE_CHECKS = 8;

    private final KeptFile file;
    private final long maxValue;
    private long last = -1;
    /** Reads in a row that repeated the previous value, and when the identity was last compared. */
    private int repeats;
    private long checkedAtNanos;
    private String lastError = "";

    /**
     * @param maxValue the largest valid value (e.g. {@code max_energy_range_uj}); {@code Long.MAX_VALUE} or
     *                 {@code <= 0} for none
     */
    public CounterFile(Path path, long maxValue) {
        this.file = KeptFile.lazy(path, MAX_LEN + 1);
        this.maxValue = maxValue <= 0 ? Long.MAX_VALUE : maxValue;
    }

    public Path path() {
        return file.path();
    }

    /** Why the last read failed ("" after a good one). */
    public String lastError() {
        return lastError;
    }

    /**
     * @return the counter value ({@code >= 0}) or a negative status: {@link #UNREADABLE} (cannot open or read, or
     *         not a number; see {@link #lastError()}), {@link #OUT_OF_RANGE}, {@link #REPLACED} (re-opened; the
     *         next read is from the new file)
     */
    public long read() {
        long v = file.readDecimal();
        if (v < 0) {
            lastError = file.lastError();
            return UNREADABLE;
        }
        if (v > maxValue) {
            lastError = "value " + v + " above the counter's range " + maxValue;
            return OUT_OF_RANGE;
        }
        if (v == last) {
            if (checkDue() && file.replaced()) {
                file.reopenNextRead();
                last = -1;
                repeats = 0;
                lastError = "the counter file was replaced; re-opened";
                return REPLACED;
            }
        } else {
            repeats = 0;
        }
        last = v;
        lastError = "";
        return v;
    }

    /**
     * The first few repeats in a row are always checked (a replaced file shows at once); a value that keeps
     * repeating (an idle counter, a benchmark's fixed file) is re-checked at most once a second, so the check's
     * allocation stays off a steady read path.
     */
    private boolean checkDue() {
        long now = System.nanoTime();
        if (++repeats <= FREE_CHECKS || now - checkedAtNanos >= 1_000_000_000L) {
            checkedAtNanos = now;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        file.close();
    }
}
