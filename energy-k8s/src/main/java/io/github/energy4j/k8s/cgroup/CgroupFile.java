package io.github.energy4j.k8s.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A small cgroup file kept open and re-read from offset 0: the kernel regenerates cgroup files on every read
 * from the start, so one descriptor serves for the cgroup's life. Allocation-free; single thread.
 */
final class CgroupFile implements AutoCloseable {

    private final FileChannel channel;
    private final byte[] buf;
    private final ByteBuffer bb;

    CgroupFile(Path file, int capacity) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.buf = new byte[capacity];
        this.bb = ByteBuffer.wrap(buf);
    }

    /** Reads the whole file (up to the capacity) into {@link #bytes()}; returns its length, or -1 on failure. */
    int read() {
        try {
            bb.clear();
            long pos = 0;
            int r;
            while (bb.hasRemaining() && (r = channel.read(bb, pos)) > 0) {
                pos += r;
            }
            return bb.position();
        } catch (IOException e) {
            return -1; // the cgroup was removed (ENODEV) or the file became unreadable
        }
    }

    byte[] bytes() {
        return buf;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: closing cannot lose data
        }
    }
}
