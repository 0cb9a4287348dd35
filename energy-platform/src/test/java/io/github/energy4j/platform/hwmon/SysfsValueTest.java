package io.github.energy4j.platform.hwmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SysfsValueTest {

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return SysfsValue.parse(b, b.length);
    }

    @Test
    void shouldParseDecimalWithTrailingNewline() {
        assertEquals(187_000_000L, parse("187000000\n"));
        assertEquals(-42L, parse("-42\n"));
        assertEquals(9_223_372_036_854_775_807L, parse("9223372036854775807"));
    }

    @Test
    void shouldRejectEmptyGarbageTrailingTextAndOverflow() {
        assertEquals(SysfsValue.INVALID, parse(""));
        assertEquals(SysfsValue.INVALID, parse("\n"));
        assertEquals(SysfsValue.INVALID, parse("12x\n"));
        assertEquals(SysfsValue.INVALID, parse("N/A\n"));
        assertEquals(SysfsValue.INVALID, parse("9223372036854775808"));
    }

    @Test
    void shouldMapRailLabelsToTheSameRail() {
        assertEquals("in", HwmonScanner.railOf("vin"));
        assertEquals("in", HwmonScanner.railOf("iin"));
        assertEquals("in", HwmonScanner.railOf("pin"));
        assertEquals("out1", HwmonScanner.railOf("vout1"));
        assertEquals("out1", HwmonScanner.railOf("IOUT1"));
        assertEquals("12v", HwmonScanner.railOf("12V"));
    }
}
