package io.github.energy4j.platform.ipmi;

/**
 * The response of DCMI Get Power Reading (NetFn 0x2C, command 0x02, group extension 0xDC, mode 0x01
 * "system power statistics"), DCMI 1.5 section 6.6.1.
 *
 * @param currentWatts     current power
 * @param minimumWatts     minimum over the statistics period
 * @param maximumWatts     maximum over the statistics period
 * @param averageWatts     average over the statistics period
 * @param timestampSeconds the BMC's IPMI timestamp of the reading (seconds since the epoch)
 * @param periodMillis     statistics reporting period
 * @param active           whether power measurement is active (state bit 6); values are meaningless otherwise
 */
public record DcmiPowerReading(int currentWatts, int minimumWatts, int maximumWatts, int averageWatts,
                               long timestampSeconds, long periodMillis, boolean active) {

    /** The DCMI group extension identifier that starts every DCMI response. */
    static final int GROUP_EXTENSION = 0xDC;
    /** Response length after the completion code: group ext, 4 × 2 watts, timestamp, period, state. */
    static final int LENGTH = 18;

    /**
     * Decodes the response bytes as {@code ipmitool raw} prints them: starting at the group
     * extension (a leading completion code 0x00 is accepted and skipped). Little-endian fields.
     *
     * @throws IllegalArgumentException when the bytes are not a DCMI power reading
     */
    public static DcmiPowerReading decode(byte[] b, int offset, int length) {
        if (length >= LENGTH + 1 && b[offset] == 0 && (b[offset + 1] & 0xFF) == GROUP_EXTENSION) {
            offset++;
            length--;
        }
        if (length < LENGTH) {
            throw new IllegalArgumentException("DCMI power reading needs " + LENGTH + " bytes, got " + length);
        }
        if ((b[offset] & 0xFF) != GROUP_EXTENSION) {
            throw new IllegalArgumentException(String.format("not a DCMI response: group extension 0x%02x", b[offset] & 0xFF));
        }
        return new DcmiPowerReading(u16(b, offset + 1), u16(b, offset + 3), u16(b, offset + 5), u16(b, offset + 7),
                u32(b, offset + 9), u32(b, offset + 13), (b[offset + 17] & 0x40) != 0);
    }

    /**
     * Parses {@code ipmitool raw} output: whitespace-separated two-digit hex bytes over one or more lines.
     *
     * @throws IllegalArgumentException on anything else
     */
    public static byte[] parseHex(CharSequence text) {
        byte[] out = new byte[text.length() / 2 + 1];
        int n = 0;
        int i = 0;
        final int len = text.length();
        while (i < len) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int hi = Character.digit(c, 16);
            int lo = i + 1 < len ? Character.digit(text.charAt(i + 1), 16) : -1;
            if (hi < 0 || lo < 0 || (i + 2 < len && !Character.isWhitespace(text.charAt(i + 2)))) {
                throw new IllegalArgumentException("not ipmitool raw output: " + text);
            }
            out[n++] = (byte) (hi << 4 | lo);
            i += 2;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
