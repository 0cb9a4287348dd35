package io.github.energy4j.platform.ipmi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what energy-platform reads from {@code ipmitool}: raw DCMI bytes and sensor readings. Bad
 * output is an {@link IllegalArgumentException} (reported, last value kept); a reading is finite and
 * non-negative. Replays {@code IpmiOutputFuzzTestInputs/} unless {@code JAZZER_FUZZ=1}.
 */
class IpmiOutputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void output(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            byte[] raw = DcmiPowerReading.parseHex(text);
            DcmiPowerReading r = DcmiPowerReading.decode(raw, 0, raw.length);
            assertTrue(r.currentWatts() >= 0 && r.currentWatts() <= 0xFFFF);
        } catch (IllegalArgumentException e) {
            // not DCMI output
        }
        try {
            double w = IpmiSensorOutput.readingWatts(text, "Pwr Consumption");
            assertTrue(Double.isFinite(w) && w >= 0, "watts " + w);
        } catch (IllegalArgumentException e) {
            // no numeric reading
        }
    }
}
