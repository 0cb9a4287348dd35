package io.github.energy4j.benchmarks;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C reference readers of {@link SnapshotBenchmark} ({@code procfloor.c}, open/read/close per file, and
 * {@code procfloor_kept.c}, the meter's own strategy in C; resources of this module): compiled with
 * {@code gcc -O2 -shared} into a temporary directory on first use and bound with JNA direct mapping, whose call
 * costs a few tens of nanoseconds, negligible against a scan of 1000 files.
 */
final class CFloor {

    private static boolean bound;

    private CFloor() {
    }

    /** Lists {@code root} and reads every {@code [pid]/stat}; returns the count, ticks summed into {@code ticks[0]}. */
    static native int procfloor_scan(byte[] root, long[] ticks);

    /**
     * Opens the kept-descriptor reader of {@code root} ({@code procfloor_kept.c}); 0 when {@code root/stat}
     * cannot be opened. Pair with {@link #keptfloor_close}.
     */
    static native long keptfloor_open(byte[] root);

    /** One scan as the meter does it; returns the count, ticks summed into {@code ticks[0]}, -1 on failure. */
    static native int keptfloor_scan(long handle, long[] ticks);

    /** One {@code pread} of every kept stat descriptor, nothing else; returns the bytes read. */
    static native long keptfloor_read_only(long handle);

    /** How many times the reader listed the root. */
    static native long keptfloor_listings(long handle);

    static native void keptfloor_close(long handle);

    /** Compiles and binds the library once per JVM. Needs {@code gcc} on the PATH. */
    static synchronized void load() throws IOException, InterruptedException {
        if (bound) {
            return;
        }
        Path dir = Files.createTempDirectory("energy4j-procfloor");
        Path src = copy(dir, "procfloor.c");
        Path kept = copy(dir, "procfloor_kept.c");
        Path so = dir.resolve("libprocfloor.so");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-shared", "-fPIC", "-o", so.toString(), src.toString(),
                kept.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed: " + out);
        }
        Native.register(CFloor.class, NativeLibrary.getInstance(so.toString()));
        bound = true;
    }

    private static Path copy(Path dir, String name) throws IOException {
        Path src = dir.resolve(name);
        try (InputStream in = CFloor.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path");
            }
            Files.copy(in, src);
        }
        return src;
    }

    /** A NUL-terminated path for the native call. */
    static byte[] cPath(Path p) {
        byte[] s = p.toString().getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return z;
    }
}
