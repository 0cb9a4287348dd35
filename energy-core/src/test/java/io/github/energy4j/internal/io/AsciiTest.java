package io.github.energy4j.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTest {

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Ascii.parseWhole(b, b.length);
    }

    @Test
    void shouldParseSysfsCounterWithTrailingNewline() {
        assertEquals(262_143_328_850L, parse("262143328850\n"));
        assertEquals(0, parse("0\n"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
    }

    @Test
    void shouldParseOnlyTheGivenLength() {
        byte[] b = "12345\n99999".getBytes(StandardCharsets.US_ASCII);
        assertEquals(123, Ascii.parseWhole(b, 3));
    }

    @Test
    void shouldRejectEmptyGarbageNegativeAndOverflow() {
        assertEquals(Ascii.INVALID, parse(""));
        assertEquals(Ascii.INVALID, parse("\n"));
        assertEquals(Ascii.INVALID, parse("12x\n"));
        assertEquals(Ascii.INVALID, parse("-5\n"));
        assertEquals(Ascii.INVALID, parse("9223372036854775808"));
        assertEquals(Ascii.INVALID, parse("  \t"));
        assertEquals(42, parse(" \t42 \r\n\0"));
    }

    @Test
    void shouldParseATokenOfALineUpToTheFirstNonDigitWithTheSameSentinel() {
        byte[] b = "cpu  4705 356 584\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(4705, Ascii.parseUnsigned(b, 3, b.length));
        assertEquals(356, Ascii.parseUnsigned(b, 9, b.length));
        assertEquals(Ascii.INVALID, Ascii.parseUnsigned(b, 0, b.length), "no digit at the start of the token");
        assertEquals(Ascii.INVALID, Ascii.parseUnsigned("99999999999999999999".getBytes(StandardCharsets.US_ASCII),
                0, 20), "overflow");
        assertEquals(-1, Long.signum(Ascii.INVALID), "negative: value < 0 tests for it too");
    }
}
