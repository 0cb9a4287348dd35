package io.github.energy4j.agent.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's memory usage ratio from {@code <procfs>/meminfo}: {@code 1 − MemAvailable / MemTotal}. The kernel
 * documents the file in Documentation/filesystems/proc.rst ("meminfo"): one {@code Name:   value kB} line per field;
 * {@code MemAvailable} (since Linux 3.14) estimates what can be allocated without swapping, page cache that can be
 * dropped included, which is what an over-provisioning alert needs (free memory alone counts cache as used). Without
 * {@code MemAvailable}, {@code MemFree + Buffers + Cached} stands in. Parsing ({@link #parse}) is split from reading;
 * one reused buffer; read once per export frame. Not thread-safe.
 */
public final class NodeMemory {

    // meminfo is about 1.5 KiB on current kernels; the fields used are in its first lines
    private final byte[] buf = new byte[8192];
    private final Path file;

    public NodeMemory(Path procfs) {
        this.file = procfs.resolve("meminfo");
    }

    /** Used share of memory in [0, 1]; NaN when the file cannot be read or lacks {@code MemTotal}. */
    public double usageRatio() {
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
            }
        } catch (IOException | SecurityException e) {
            return Double.NaN;
        }
        return parse(buf, n);
    }

    /** Parses meminfo text in {@code buf[0, len)}. */
    static double parse(byte[] buf, int len) {
        long total = -1;
        long available = -1;
        long free = -1;
        long buffers = -1;
        long cached = -1;
        int i = 0;
        while (i < len) {
            int colon = i;
            while (colon < len && buf[colon] != ':' && buf[colon] != '\n') {
                colon++;
            }
            int eol = colon;
            while (eol < len && buf[eol] != '\n') {
                eol++;
            }
            if (colon < eol) {
                long v = number(buf, colon + 1, eol);
                if (is(buf, i, colon, "MemTotal")) {
                    total = v;
                } else if (is(buf, i, colon, "MemAvailable")) {
                    available = v;
                } else if (is(buf, i, colon, "MemFree")) {
                    free = v;
                } else if (is(buf, i, colon, "Buffers")) {
                    buffers = v;
                } else if (is(buf, i, colon, "Cached")) {
                    cached = v;
                }
            }
            i = eol + 1;
        }
        if (total <= 0) {
            return Double.NaN;
        }
        long avail = available >= 0 ? available
                : free >= 0 ? free + Math.max(0, buffers) + Math.max(0, cached) : -1;
        if (avail < 0) {
            return Double.NaN;
        }
        return Math.max(0, Math.min(1, 1 - (double) avail / total));
    }

    private static boolean is(byte[] b, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (b[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The first decimal number in {@code b[from, to)}, -1 when there is none. */
    private static long number(byte[] b, int from, int to) {
        int k = from;
        while (k < to && (b[k] < '0' || b[k] > '9')) {
            k++;
        }
        if (k == to) {
            return -1;
        }
        long v = 0;
        while (k < to && b[k] >= '0' && b[k] <= '9') {
            v = v * 10 + (b[k] - '0');
            k++;
        }
        return v;
    }
}
