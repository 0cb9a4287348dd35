package io.github.energy4j.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's USER_HZ (ticks per second of the times in {@code /proc}), read once from the {@code AT_CLKTCK}
 * entry of this process's ELF auxiliary vector ({@code /proc/self/auxv}), the value {@code sysconf(_SC_CLK_TCK)}
 * returns (getauxval(3), proc(5)); 100, the value on every mainstream Linux architecture, when it cannot be read.
 */
public final class ClockTicks {

    /** {@code AT_CLKTCK} in {@code <linux/auxvec.h>}. */
    static final long AT_CLKTCK = 17;
    static final long AT_NULL = 0;
    static final long DEFAULT = 100;

    private static volatile long detected;

    private ClockTicks() {
    }

    /** Ticks per second; detected once per JVM. */
    public static long perSecond() {
        long v = detected;
        if (v == 0) {
            v = read(Path.of("/proc/self/auxv"));
            detected = v;
        }
        return v;
    }

    static long read(Path auxv) {
        try {
            // a few hundred bytes; a bound keeps a strange file from costing more
            byte[] bytes;
            try (var in = Files.newInputStream(auxv)) {
                bytes = in.readNBytes(64 * 1024);
            }
            long v = parse(bytes, wordBytes(), ByteOrder.nativeOrder());
            return v > 0 ? v : DEFAULT;
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    /**
     * The {@code AT_CLKTCK} value in an auxiliary vector: pairs of native words (type, value) ending with
     * {@code AT_NULL}; -1 when absent.
     */
    static long parse(byte[] auxv, int wordBytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(order);
        while (b.remaining() >= 2 * wordBytes) {
            long type = word(b, wordBytes);
            long value = word(b, wordBytes);
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_CLKTCK) {
                return value;
            }
        }
        return -1;
    }

    private static long word(ByteBuffer b, int wordBytes) {
        return wordBytes == 8 ? b.getLong() : b.getInt() & 0xFFFF_FFFFL;
    }

    /** The native word size of this JVM's process (auxv holds unsigned longs). */
    private static int wordBytes() {
        return "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
    }
}
