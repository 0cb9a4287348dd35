package io.github.energy4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file kept open and re-read from offset 0 with a positioned read into a reused buffer. procfs,
 * sysfs and hwmon files regenerate their content on every read at offset 0, so this gives a fresh value
 * without the open/close (and the allocation) per sample.
 *
 * <p>Single thread only. {@link #read()} never throws: it returns the byte count or -1 and keeps the
 * last exception message for diagnostics.
 */
public final class ReusableFile implements AutoCloseable {

    private final Path path;
    private final ByteBuffer buffer;
    private FileChannel channel;
    private String lastError = "";

    public ReusableFile(Path path, int capacity) {
        this.path = path;
        this.buffer = ByteBuffer.allocate(capacity);
    }

    public Path path() {
        return path;
    }

    /** The backing array; valid bytes are {@code [0, read())}. */
    public byte[] bytes() {
        return buffer.array();
    }

    /**
     * Reads the file from offset 0 (opening it on first use).
     *
     * @return number of bytes read (possibly truncated at capacity), or -1 on failure
     */
    public int read() {
        try {
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            }
            buffer.clear();
            int total = 0;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException | RuntimeException e) {
            lastError = path + ": " + e;
            close();
            return -1;
        }
    }

    /** Whether the channel is currently open. */
    public boolean isOpen() {
        return channel != null;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a procfs/sysfs descriptor cannot lose data
            }
        }
    }
}
