package io.github.energy4j.rapl.internal;

/** Parses the unsigned decimal a sysfs attribute holds ({@code "123456\n"}) straight from bytes. */
public final class AsciiDecimal {

    /** Returned when the bytes do not hold one unsigned decimal that fits a {@code long}. */
    public static final long INVALID = -1;

    private AsciiDecimal() {
    }

    /**
     * Parses {@code buf[0..len)}: optional leading blanks, at least one digit, then optional trailing
     * whitespace or NUL. Allocation-free.
     *
     * @return the value, or {@link #INVALID} for empty input, any other character, or overflow
     */
    public static long parse(byte[] buf, int len) {
        int i = 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        int start = i;
        long v = 0;
        while (i < len) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == start) {
            return INVALID;
        }
        while (i < len) {
            byte b = buf[i];
            if (b != '\n' && b != ' ' && b != '\t' && b != '\r' && b != 0) {
                return INVALID;
            }
            i++;
        }
        return v;
    }
}
