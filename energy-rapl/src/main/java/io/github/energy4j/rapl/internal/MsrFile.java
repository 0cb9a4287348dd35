package io.github.energy4j.rapl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One open {@code /dev/cpu/N/msr}. A register is read with one positioned 8-byte read at offset =
 * register address ({@link FileChannel#read(ByteBuffer, long)} is {@code pread(2)}), which is how the
 * msr driver is addressed; no seek, no subprocess. Allocation-free after construction; one thread.
 */
public final class MsrFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);

    private MsrFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** {@code <devfs>/cpu/<cpu>/msr}. */
    public static Path path(Path devfs, int cpu) {
        return devfs.resolve("cpu").resolve(Integer.toString(cpu)).resolve("msr");
    }

    /** Opens the device read-only. */
    public static MsrFile open(Path path) throws IOException {
        return new MsrFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the 64-bit register at {@code address}.
     *
     * @throws IOException when the register does not exist (EIO), CAP_SYS_RAWIO is missing (EPERM), or
     *                     fewer than 8 bytes came back
     */
    public long read(long address) throws IOException {
        buf.clear();
        int n = channel.read(buf, address);
        if (n != 8) {
            throw shortRead(n, address);
        }
        return buf.getLong(0);
    }

    private IOException shortRead(int n, long address) {
        return new IOException(path + ": short read of MSR 0x" + Long.toHexString(address) + " (" + n + " bytes)");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do on close
        }
    }
}
