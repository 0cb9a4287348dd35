package io.github.energy4j.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Cold-path reads of small kernel attribute files. Before opening, the target (after symbolic links) must be a
 * regular file: opening a FIFO for reading blocks until a writer appears, a socket cannot be opened, and reading a
 * character device may never end, so those are refused with a reason instead of hanging. Reads stop at a caller's
 * bound, so a huge or sparse file costs at most that many bytes. sysfs and procfs attributes are regular files
 * (sysfs reports a size of 4096 and procfs 0 whatever they hold, so the size is never trusted; the bound is).
 *
 * <p>A file swapped for a FIFO between the check and the open can still block that one open: Java cannot open
 * with {@code O_NONBLOCK}; a kernel tree does not change type under us, only a hostile test tree could.
 */
public final class KernelFile {

    /** Default bound for attribute text (a sysfs attribute is at most one page). */
    public static final int PAGE = 4096;

    private KernelFile() {
    }

    /**
     * Why {@code file} cannot be read as a kernel attribute, or null when it is a regular file.
     *
     * @return e.g. "a FIFO, not a regular file", "no such file", "Too many levels of symbolic links"
     */
    public static String notRegular(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return describe(e);
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return "a directory, not a regular file";
        }
        // "other": FIFO, socket or device node; tell which where the platform says
        return kind(file) + ", not a regular file";
    }

    private static String kind(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            int type = ((Integer) mode) & 0170000;
            switch (type) {
                case 0010000: return "a FIFO";
                case 0140000: return "a socket";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                default: return "a special file";
            }
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }

    /**
     * Opens a regular file for reading.
     *
     * @throws IOException with a reason ({@link #describe}) when it is not a regular file or cannot be opened
     */
    public static FileChannel open(Path file) throws IOException {
        String why = notRegular(file);
        if (why != null) {
            throw new FileSystemException(file.toString(), null, why);
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * An input stream over a regular file ({@link #open}); the caller bounds what it reads.
     *
     * @throws IOException as {@link #open}
     */
    public static java.io.InputStream stream(Path file) throws IOException {
        return java.nio.channels.Channels.newInputStream(open(file));
    }

    /**
     * Reads at most {@code buf.length} bytes from the start of a regular file.
     *
     * @return the number of bytes read ({@code buf.length} means the file may hold more)
     * @throws IOException as {@link #open}, or from the read
     */
    public static int read(Path file, byte[] buf) throws IOException {
        try (FileChannel ch = open(file)) {
            ByteBuffer b = ByteBuffer.wrap(buf);
            while (b.hasRemaining()) {
                int n = ch.read(b);
                if (n < 0) {
                    break;
                }
            }
            return b.position();
        }
    }

    /** The trimmed text of a small attribute (at most {@link #PAGE} bytes), or null when unreadable or too long. */
    public static String text(Path file) {
        return text(file, PAGE);
    }

    /** The trimmed text (at most {@code maxBytes}), or null when unreadable, not regular, or longer. */
    public static String text(Path file, int maxBytes) {
        try {
            byte[] b = new byte[maxBytes + 1];
            int n = read(file, b);
            return n > maxBytes ? null : new String(b, 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** An unsigned decimal attribute, or {@link Ascii#INVALID} when missing, not regular, empty or not a number. */
    public static long decimal(Path file) {
        try {
            byte[] b = new byte[33];
            int n = read(file, b);
            return n > 32 ? Ascii.INVALID : Ascii.parseWhole(b, n);
        } catch (IOException e) {
            return Ascii.INVALID;
        }
    }

    /** A short reason for an exception from opening or reading: the OS reason when there is one. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
