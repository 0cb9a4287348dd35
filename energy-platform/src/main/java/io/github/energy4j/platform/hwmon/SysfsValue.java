package io.github.energy4j.platform.hwmon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sysfs attribute holding a decimal integer, kept open and re-read with a positioned read at
 * offset 0 into a reused buffer (sysfs regenerates the text on every read at offset 0).
 *
 * <p>Sampler thread only; allocation-free after construction.
 */
final class SysfsValue implements AutoCloseable {

    /** Returned by {@link #read()} and {@link #parse(byte[], int)} when there is no valid number. */
    static final long INVALID = Long.MIN_VALUE;

    private final Path path;
    private final FileChannel channel;
    private final byte[] bytes = new byte[32];
    private final ByteBuffer buffer = ByteBuffer.wrap(bytes);

    SysfsValue(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    Path path() {
        return path;
    }

    /** The current value, or {@link #INVALID} when the read failed or the text is not a number. */
    long read() {
        buffer.clear();
        try {
            int total = 0;
            int n;
            while (total < bytes.length && (n = channel.read(buffer, total)) > 0) {
                total += n;
            }
            return parse(bytes, total);
        } catch (IOException | RuntimeException e) {
            return INVALID;
        }
    }

    /**
     * Parses an optionally signed ASCII decimal integer followed by optional whitespace (sysfs ends
     * values with a newline).
     *
     * @return the value, or {@link #INVALID} when {@code buf[0..len)} is not exactly one integer
     */
    static long parse(byte[] buf, int len) {
        int i = 0;
        boolean negative = false;
        if (len > 0 && (buf[0] == '-' || buf[0] == '+')) {
            negative = buf[0] == '-';
            i = 1;
        }
        final int digitsStart = i;
        long value = 0;
        while (i < len) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digitsStart) {
            return INVALID;
        }
        for (; i < len; i++) {
            byte b = buf[i];
            if (b != '\n' && b != ' ' && b != '\t' && b != '\r' && b != 0) {
                return INVALID;
            }
        }
        return negative ? -value : value;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a sysfs file cannot lose data
        }
    }
}
