package io.github.energy4j.rapl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cold-path reads of small sysfs/procfs attributes (discovery only, never per sample). */
public final class SysfsText {

    private SysfsText() {
    }

    /** The trimmed content, or null when the file is missing or unreadable. */
    public static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** An unsigned decimal attribute, or -1 when missing, empty or not a number. */
    public static long readLong(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            return AsciiDecimal.parse(b, b.length);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
