package io.github.energy4j.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelFileDecimalTest {

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return KernelFile.parseDecimal(b, b.length);
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
        assertEquals(123, KernelFile.parseDecimal(b, 3));
    }

    @Test
    void shouldRejectEmptyGarbageNegativeAndOverflow() {
        assertEquals(KernelFile.INVALID, parse(""));
        assertEquals(KernelFile.INVALID, parse("\n"));
        assertEquals(KernelFile.INVALID, parse("12x\n"));
        assertEquals(KernelFile.INVALID, parse("-5\n"));
        assertEquals(KernelFile.INVALID, parse("9223372036854775808"));
    }
}
