package io.github.energy4j.platform.hwmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HwmonRailTest {

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
