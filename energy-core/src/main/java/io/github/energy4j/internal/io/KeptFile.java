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

    // a short read of fewer bytes than one page is the end of the file (see read())
    private static final int SHORT_READ_TRUSTED = 4096;

    private final Path path;
    private final byte[] buf;
    private final ByteBuffer bb;
    private FileChannel channel;
    private Object fileKey;
    private String lastError = "";
    private volatile boolean closed;

    private KeptFile(Path path, ByteBuffer buffer) {
        this.path = path;
        this.buf = buffer.array();
        this.bb = buffer;
    }

    /**
     * Opens now.
     *
     * @throws IOException with a reason when the path is not a regular file or cannot be opened
     */
    public static KeptFile open(Path path, int capacity) throws IOException {
        KeptFile f = new KeptFile(path, ByteBuffer.allocate(capacity));
        f.channel = f.openChannel();
        return f;
    }

    /** Opens on the first {@link #read()}; a file missing now is no error until read. */
    public static KeptFile lazy(Path path, int capacity) {
        return new KeptFile(path, ByteBuffer.allocate(capacity));
    }

    /**
     * Opens on the first {@link #read()} and reads into {@code shared}, a heap buffer that many files of one reader
     * thread take turns in: each read overwrites what the last read of any of them left. For thousands of files
     * read one after another (a process scan), one buffer stays in the cache where a buffer each would not.
     */
    public static KeptFile lazy(Path path, ByteBuffer shared) {
        if (!shared.hasArray() || shared.arrayOffset() != 0) {
            throw new IllegalArgumentException("a whole heap buffer is needed: bytes() hands out its array");
        }
        return new KeptFile(path, shared);
    }

    public Path path() {
        return path;
    }

    /** The buffer {@link #read()} fills; valid up to the length it returned. */
    public byte[] bytes() {
        return buf;
    }

    public int capacity() {
        return bb.capacity();
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
            // One read is the whole file: every file read this way is generated in one piece (a single-record
            // seq_file such as /proc/[pid]/stat, schedstat and /proc/stat, a kernfs attribute, a cgroup file) or is
            // a regular file, and the kernel returns it whole to a read whose count covers it. A second read only to
            // see end-of-file is a second syscall (0.4 us here, against 0.9 us for a whole schedstat read; fs/seq_file.c,
            // seq_read_iter, copies a single-record file's one record in the first read). Past one page a
            // short read is no proof of the end (a seq_file's buffer starts at a page), so larger files read on.
            if (ch.read(b, 0) >= SHORT_READ_TRUSTED) {
                while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                    // a large file: read on until a read returns nothing
                }
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
        long v = n >= bb.capacity() ? Ascii.INVALID : Ascii.parseWhole(buf, n);
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
