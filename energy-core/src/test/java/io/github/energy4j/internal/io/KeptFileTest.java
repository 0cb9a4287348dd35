package io.github.energy4j.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept file is read whole in one read when small, and read on past a page when large. */
class KeptFileTest {

    @TempDir
    Path tmp;

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void shouldReadFilesSmallerAndLargerThanAPageWhole() throws Exception {
        for (int size : new int[] {0, 1, 300, 4095, 4096, 4097, 10_000, 40_000}) {
            Path p = tmp.resolve("f" + size);
            byte[] want = content(size);
            Files.write(p, want);
            try (KeptFile f = KeptFile.open(p, 64 * 1024)) {
                for (int round = 0; round < 2; round++) {
                    int n = f.read();
                    assertEquals(size, n, "size " + size + ", read " + round);
                    assertArrayEquals(want, Arrays.copyOf(f.bytes(), n));
                }
            }
        }
    }

    @Test
    void shouldStopAtTheCapacityAndSayTheFileMayHoldMore() throws Exception {
        Path p = tmp.resolve("big");
        Files.write(p, content(9000));
        try (KeptFile small = KeptFile.open(p, 100); KeptFile page = KeptFile.open(p, 8192)) {
            assertEquals(100, small.read());
            assertEquals(8192, page.read());
            assertArrayEquals(Arrays.copyOf(content(9000), 8192), page.bytes());
        }
    }

    @Test
    void shouldSeeARewriteOfTheSameFileOnTheNextRead() throws Exception {
        Path p = tmp.resolve("energy_uj");
        Files.writeString(p, "123456789\n");
        try (KeptFile f = KeptFile.open(p, 32)) {
            assertEquals(123456789L, f.readDecimal());
            Files.writeString(p, "42\n"); // truncated and rewritten in place: the same inode, shorter
            assertEquals(42L, f.readDecimal());
        }
    }

    @Test
    void shouldReadASingleRecordProcFileWholeInOneRead() throws Exception {
        Path limits = Path.of("/proc/self/limits");
        assumeTrue(Files.isReadable(limits), "needs procfs");
        String want = Files.readString(limits, StandardCharsets.US_ASCII);
        try (KeptFile f = KeptFile.open(limits, 8192)) {
            for (int round = 0; round < 3; round++) {
                int n = f.read();
                assertEquals(want, new String(f.bytes(), 0, n, StandardCharsets.US_ASCII));
            }
        }
    }
}
