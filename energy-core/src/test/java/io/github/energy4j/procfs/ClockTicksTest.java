package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockTicksTest {

    @TempDir
    Path tmp;

    /** An auxiliary vector as the kernel lays it out: (type, value) words, AT_NULL last. */
    private static byte[] auxv(int wordBytes, ByteOrder order, long... pairs) {
        ByteBuffer b = ByteBuffer.allocate((pairs.length + 2) * wordBytes).order(order);
        for (long p : pairs) {
            if (wordBytes == 8) {
                b.putLong(p);
            } else {
                b.putInt((int) p);
            }
        }
        return b.array(); // the trailing zero words are AT_NULL
    }

    @Test
    void shouldFindClockTicksAmongTheOtherEntries() {
        // AT_SYSINFO_EHDR, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR
        byte[] v = auxv(8, ByteOrder.LITTLE_ENDIAN, 33, 0x7fff_1234_0000L, 16, 0x178bfbffL, 6, 4096, 17, 250, 3, 0x400040);
        assertEquals(250, ClockTicks.parse(v, 8, ByteOrder.LITTLE_ENDIAN));
        byte[] be32 = auxv(4, ByteOrder.BIG_ENDIAN, 6, 4096, 17, 1024);
        assertEquals(1024, ClockTicks.parse(be32, 4, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void shouldStopAtTheEndMarkerAndSayWhenAbsent() {
        byte[] v = auxv(8, ByteOrder.LITTLE_ENDIAN, 6, 4096, 0, 0, 17, 300);
        assertEquals(-1, ClockTicks.parse(v, 8, ByteOrder.LITTLE_ENDIAN), "entries after AT_NULL are not read");
        assertEquals(-1, ClockTicks.parse(new byte[11], 8, ByteOrder.LITTLE_ENDIAN), "a torn file");
    }

    @Test
    void shouldFallBackTo100WhenTheFileIsMissingOrHasNoEntry() throws IOException {
        assertEquals(100, ClockTicks.read(tmp.resolve("absent")));
        Path empty = Files.write(tmp.resolve("auxv"), new byte[0]);
        assertEquals(100, ClockTicks.read(empty));
    }

    @Test
    void shouldAgreeWithGetconfOnThisHost() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/auxv")), "needs Linux procfs");
        Process p;
        try {
            p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "needs getconf");
            return;
        }
        assumeTrue(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0, "getconf CLK_TCK failed");
        long expected = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        long parsed = ClockTicks.parse(Files.readAllBytes(Path.of("/proc/self/auxv")), 8, ByteOrder.nativeOrder());
        assertEquals(expected, parsed, "AT_CLKTCK read from this JVM's own auxiliary vector");
        assertEquals(expected, ClockTicks.perSecond());
    }
}
