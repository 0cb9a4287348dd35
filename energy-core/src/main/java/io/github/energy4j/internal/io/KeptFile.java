package io.github.energy4j.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A small kernel file (sysfs attribute, cgroup file) kept open and re-read from offset 0 into a fixed buffer: the
 * kernel regenerates such files on every read from the start, so one descriptor serves for the file's life. Opened
 * only if it is a regular file ({@link KernelFile#notRegular}); reads stop at the capacity. After a failed read the
 * descriptor is dropped and the path re-opened on the next read (a hot-plugged zone, a re-created cgroup).
 *
 * <p>Allocation-free after warm-up while reads succeed; {@link #replaced()} and re-opening allocate (cold paths).
 * Single thread; {@link #close()} from any thread once that thread stopped reading.
 */
public final class KeptFile implements AutoCloseable {

    private final Path path;
    private final byte[] buf;
    private final ByteBuffer bb;
    private FileChannel channel;
    private Object fileKey;
    private String lastError = "";
    private volatile boolean closed;

    private KeptFile(Path path, int capacity) {
        this.path = path;
        this.buf = new byte[capacity];
        this.bb = ByteBuffer.wrap(buf);
    }

    /**
     * Opens now.
     *
     * @throws IOException with a reason when the path is not a regular file or cannot be opened
     */
    public static KeptFile open(Path path, int capacity) throws IOException {
        KeptFile f = new KeptFile(path, capacity);
        f.channel = f.openChannel();
        return f;
    }

    /** Opens on the first {@link #read()}; a file missing now is no error until read. */
    public static KeptFile lazy(Path path, int capacity) {
        return new KeptFile(path, capacity);
    }

    public Path path() {
        return path;
    }

    /** The buffer {@link #read()} fills; valid up to the length it returned. */
    public byte[] bytes() {
        return buf;
    }

    public int capacity() {
        return buf.length;
    }

    /** Why the last read failed ("" after a good one). */
    public String lastError() {
        return lastError;
    }

    /**
     * Reads the file from offset 0, at most {@link #capacity()} bytes.
     *
     * @return the length read ({@code == capacity()} means the file may hold more), or -1 when it cannot be opened
     *         or read ({@link #lastError()} says why)
     */
    public int read() {
        FileChannel ch = channel;
        if (ch == null) {
            if (closed) {
                lastError = "closed";
                return -1;
            }
            try {
                ch = openChannel();
            } catch (IOException e) {
                lastError = KernelFile.describe(e);
                return -1;
            }
            channel = ch;
        }
        try {
            final ByteBuffer b = bb;
            b.clear();
            long pos = 0;
            int r;
            while (b.hasRemaining() && (r = ch.read(b, pos)) > 0) {
                pos += r;
            }
            lastError = "";
            return b.position();
        } catch (IOException e) {
            drop();
            lastError = KernelFile.describe(e);
            return -1;
        }
    }

    /**
     * Reads one unsigned decimal.
     *
     * @return the value, or {@link Ascii#INVALID} when unreadable, too long or not a number
     */
    public long readDecimal() {
        int n = read();
        if (n < 0) {
            return Ascii.INVALID;
        }
        long v = n >= buf.length ? Ascii.INVALID : Ascii.parseWhole(buf, n);
        if (v == Ascii.INVALID) {
            lastError = n == 0 ? "empty read" : "not a decimal number";
            drop(); // nonsense may mean the file was removed and re-created: re-open on the next read
        }
        return v;
    }

    /**
     * Whether the path now names another file than the open one (deleted, re-created, renamed over), so that the
     * open descriptor reads a stale inode. Cold: allocates.
     */
    public boolean replaced() {
        if (channel == null) {
            return false;
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return now != null && fileKey != null && !now.equals(fileKey);
        } catch (IOException e) {
            return true; // gone: whatever the descriptor reads is stale
        }
    }

    /** Closes the descriptor; the next {@link #read()} re-opens the path. */
    public void reopenNextRead() {
        drop();
    }

    private FileChannel openChannel() throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            String why = KernelFile.notRegular(path);
            throw new java.nio.file.FileSystemException(path.toString(), null,
                    why != null ? why : "not a regular file");
        }
        FileChannel ch = FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
        fileKey = a.fileKey();
        return ch;
    }

    private void drop() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // read-only: closing cannot lose data
            }
        }
    }

    /** Closes for good: later reads return -1. To release the descriptor only, use {@link #reopenNextRead()}. */
    @Override
    public void close() {
        closed = true;
        drop();
    }
}
