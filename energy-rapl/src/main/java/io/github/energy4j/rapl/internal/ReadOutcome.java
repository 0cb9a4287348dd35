package io.github.energy4j.rapl.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** What happened when a counter file was read once; input of the probe decision. */
public enum ReadOutcome {
    /** The file was read and held a number. */
    OK,
    /** The kernel refused: file mode, missing capability (EACCES, EPERM). */
    DENIED,
    /** The file or device node does not exist. */
    MISSING,
    /** Anything else: I/O error, not a number, a directory in place of a file. */
    ERROR;

    /** Classifies an exception thrown while opening or reading a counter file. */
    public static ReadOutcome of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return DENIED;
        }
        if (e instanceof NoSuchFileException) {
            return MISSING;
        }
        String m = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (m != null) {
            String l = m.toLowerCase(Locale.ROOT);
            if (l.contains("permission denied") || l.contains("operation not permitted")) {
                return DENIED;
            }
            if (l.contains("no such file") || l.contains("no such device")) {
                return MISSING;
            }
        }
        return ERROR;
    }

    /** A short text of an exception for reasons: the OS reason when there is one. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
