package io.github.energy4j.platform.hwmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the hwmon attribute parser: whatever a driver writes, the result is INVALID or exactly the
 * integer the text holds (checked against the JDK's parser on the trimmed text).
 * Replays {@code SysfsValueFuzzTestInputs/} unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class SysfsValueFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void value(byte[] data) {
        int len = Math.min(data.length, 32); // SysfsValue reads at most 32 bytes
        long v = SysfsValue.parse(data, len);
        if (v == SysfsValue.INVALID) {
            return;
        }
        String text = new String(data, 0, len, StandardCharsets.ISO_8859_1);
        int end = text.length();
        while (end > 0 && " \t\r\n\0".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        assertEquals(Long.parseLong(text.substring(0, end)), v, "'" + text + "'");
    }
}
