package io.github.energy4j.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of file that is not a kernel attribute gets a reason, promptly; reads stay within their bound. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KernelFileTest {

    @TempDir
    Path tmp;

    @Test
    void shouldNameEachKindOfNonRegularFile() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        assertEquals("a FIFO, not a regular file", KernelFile.notRegular(fifo));
        assertEquals("a directory, not a regular file", KernelFile.notRegular(tmp));
        Path dev = Files.createSymbolicLink(tmp.resolve("null-link"), Path.of("/dev/null"));
        assertEquals("a character device, not a regular file", KernelFile.notRegular(dev));
        Path sock = tmp.resolve("sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            assertEquals("a socket, not a regular file", KernelFile.notRegular(sock));
        }
        Path a = tmp.resolve("loop-a");
        Files.createSymbolicLink(a, tmp.resolve("loop-b"));
        Files.createSymbolicLink(tmp.resolve("loop-b"), a);
        assertTrue(KernelFile.notRegular(a).contains("symbolic links"), KernelFile.notRegular(a));
        assertEquals("no such file", KernelFile.notRegular(tmp.resolve("missing")));
        IOException e = assertThrows(IOException.class, () -> KernelFile.open(fifo));
        assertEquals("a FIFO, not a regular file", KernelFile.describe(e));
        assertNull(KernelFile.text(fifo));
        assertEquals(Ascii.INVALID, KernelFile.decimal(fifo));
    }

    @Test
    void shouldReadOnlyTheBoundOfAHugeSparseFile() throws Exception {
        Path big = tmp.resolve("big");
        Files.writeString(big, "123\n");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        assertNull(KernelFile.text(big), "longer than a page: no text");
        assertEquals(Ascii.INVALID, KernelFile.decimal(big), "longer than a number: not a number");
        byte[] buf = new byte[16];
        assertEquals(16, KernelFile.read(big, buf), "at most the buffer");
        assertEquals("123", new String(buf, 0, 3, java.nio.charset.StandardCharsets.US_ASCII));
        Path small = Files.writeString(tmp.resolve("small"), "262143328850\n");
        assertEquals(262_143_328_850L, KernelFile.decimal(small));
        assertEquals("262143328850", KernelFile.text(small));
    }

    @Test
    void shouldReopenAReplacedCounterAndRefuseValuesAboveItsRange() throws Exception {
        Path f = Files.writeString(tmp.resolve("energy_uj"), "100\n");
        try (CounterFile c = new CounterFile(f, 1000)) {
            assertEquals(100, c.read());
            assertEquals(100, c.read(), "a repeat of the same file is a value");
            Path fresh = Files.writeString(tmp.resolve("new"), "50\n");
            Files.move(fresh, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals(CounterFile.REPLACED, c.read());
            assertEquals(50, c.read(), "the new file");
            Files.writeString(f, "1001\n");
            assertEquals(CounterFile.OUT_OF_RANGE, c.read());
            assertTrue(c.lastError().contains("above the counter's range 1000"), c.lastError());
        }
    }
}
