package io.github.energy4j.internal.io;

/**
 * Number parsing straight from ASCII bytes, so hot readers never build Strings: the one decimal parser of the
 * project, for tokens of a line ({@link #parseUnsigned}) and whole attribute files ({@link #parseWhole}). All methods
 * are allocation-free and never throw; malformed input yields {@link #INVALID}, the one sentinel for "not a
 * number" (negative, so {@code value < 0} tests it as well).
 */
public final class Ascii {

    /** Returned for a missing or malformed number. */
    public static final long INVALID = Long.MIN_VALUE;

    private Ascii() {
    }

    /**
     * Parses an unsigned decimal starting at {@code from} (after skipping spaces/tabs) and ending at the
     * first non-digit or {@code limit}.
     *
     * @return the value, or {@link #INVALID} when no digit is found or the value overflows
     */
    public static long parseUnsigned(byte[] buf, int from, int limit) {
        int i = skipBlanks(buf, from, limit);
        long value = 0;
        int digits = 0;
        for (; i < limit; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            value = value * 10 + d;
            digits++;
        }
        return digits == 0 ? INVALID : value;
    }

    /**
     * Parses a whole attribute {@code buf[0..len)} (a sysfs or cgroup file): optional leading blanks, at least one
     * digit, then only whitespace or NUL.
     *
     * @return the value, or {@link #INVALID} for empty input, any other character, or overflow
     */
    public static long parseWhole(byte[] buf, int len) {
        int i = skipBlanks(buf, 0, len);
        int end = i;
        while (end < len && buf[end] >= '0' && buf[end] <= '9') {
            end++;
        }
        long v = parseUnsigned(buf, i, end);
        for (int k = end; k < len && v != INVALID; k++) {
            byte b = buf[k];
            if (b != '\n' && b != ' ' && b != '\t' && b != '\r' && b != 0) {
                return INVALID;
            }
        }
        return v;
    }

    /** Index of the first byte at or after {@code from} that is not a space or tab. */
    public static int skipBlanks(byte[] buf, int from, int limit) {
        int i = from;
        while (i < limit && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Index just after the current token (first space, tab or newline at or after {@code from}). */
    public static int skipToken(byte[] buf, int from, int limit) {
        int i = from;
        while (i < limit && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Index of the first byte after the next newline at or after {@code from}, or {@code limit}. */
    public static int nextLine(byte[] buf, int from, int limit) {
        int i = from;
        while (i < limit && buf[i] != '\n') {
            i++;
        }
        return i < limit ? i + 1 : limit;
    }

    /** Whether {@code buf[at..]} starts with the ASCII {@code prefix}. */
    public static boolean startsWith(byte[] buf, int at, int limit, byte[] prefix) {
        if (limit - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
