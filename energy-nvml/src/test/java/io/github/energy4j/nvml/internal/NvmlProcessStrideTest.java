package io.github.energy4j.nvml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test of the process-entry stride detection over random process lists, in native memory
 * laid out the way each driver generation writes it.
 */
class NvmlProcessStrideTest {

    private static final int[] STRIDES = {16, 24, 32};
    /** Capacities the buffer is grown to: odd entry counts (the initial one and grown ones). */
    private static final int[] REQUESTS = {NvmlLibrary.INITIAL_PROCESS_CAPACITY, 1, 2, 100, 127, 1000};

    /** A marker-filled buffer as NvmlLibrary passes it; its announced capacity is size / 32 - 1. */
    private static Memory buffer(int requested) {
        Memory m = NvmlLibrary.processBuffer(requested);
        m.setMemory(0, m.size(), (byte) 0xA5);
        return m;
    }

    private static int capacity(Memory m) {
        return (int) (m.size() / 32) - 1;
    }

    /** Writes n entries the way a driver with this stride does; values are random but never the marker. */
    private static void write(Memory m, int n, int stride, SplittableRandom rnd) {
        for (int i = 0; i < n; i++) {
            long e = (long) i * stride;
            m.setInt(e, 1 + rnd.nextInt(4_194_304)); // pid
            m.setInt(e + 4, 0);                      // padding (some drivers leave it, some zero it)
            m.setLong(e + 8, rnd.nextBoolean() ? -1L : rnd.nextLong(1L << 40)); // used memory or N/A
            if (stride >= 24) {
                m.setInt(e + 16, rnd.nextBoolean() ? -1 : rnd.nextInt(8)); // gpuInstanceId
                m.setInt(e + 20, rnd.nextBoolean() ? -1 : rnd.nextInt(8)); // computeInstanceId
            }
            if (stride == 32) {
                m.setLong(e + 24, rnd.nextBoolean() ? 0 : rnd.nextLong(1L << 40)); // usedGpuCcProtectedMemory
            }
        }
    }

    @Test
    void shouldDetectTheStrideTheDriverWroteForEveryListLength() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 5_000; round++) {
            int stride = STRIDES[rnd.nextInt(STRIDES.length)];
            Memory m = buffer(REQUESTS[rnd.nextInt(REQUESTS.length)]);
            int n = 1 + rnd.nextInt(capacity(m));
            write(m, n, stride, rnd);
            assertEquals(stride, NvmlLibrary.detectStride(m, n), "n=" + n + " stride=" + stride + " round " + round);
        }
    }

    @Test
    void shouldFallBackToTheHeaderLayoutWhenTheDriverClearedTheWholeBuffer() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int requested : REQUESTS) {
            int cap = capacity(buffer(requested));
            assertEquals(1, cap % 2, "announced capacity is odd");
            for (int n = 1; n <= cap; n++) {
                Memory m = buffer(requested);
                m.setMemory(0, (long) cap * 24, (byte) 0);
                write(m, n, 24, rnd);
                assertEquals(24, NvmlLibrary.detectStride(m, n), "capacity " + cap + ", n=" + n);
            }
        }
    }
}
