package io.github.energy4j.platform.redfish;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes the Redfish resource readers with BMC bodies: each either fails with {@link IOException}
 * (the poller keeps its last value and shows the error) or gives a usable answer; a wattage is NaN
 * (no reading) or finite, since it becomes a power gauge that is integrated (the source itself
 * refuses negative ones).
 * Replays {@code RedfishResourcesFuzzTestInputs/} unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class RedfishResourcesFuzzTest {

    private static void watts(double w) {
        assertTrue(Double.isNaN(w) || Double.isFinite(w), "watts " + w);
    }

    @FuzzTest(maxDuration = "60s")
    void resources(byte[] body) {
        try {
            watts(RedfishResources.environmentPowerWatts(body));
        } catch (IOException e) {
            // malformed: reported, last value kept
        }
        try {
            watts(RedfishResources.powerControlWatts(body));
        } catch (IOException e) {
            // malformed
        }
        try {
            for (String m : RedfishResources.members(body)) {
                assertNotNull(m);
            }
        } catch (IOException e) {
            // malformed
        }
        try {
            assertNotNull(RedfishResources.chassis(body).id());
        } catch (IOException e) {
            // not a chassis
        }
        try {
            watts(RedfishResources.inputPowerWatts(body));
            RedfishResources.powerSupplies(body);
            RedfishResources.PowerSupply psu = RedfishResources.powerSupply(body);
            assertNotNull(psu.state());
            psu.inService();
        } catch (IOException e) {
            // not a power supply
        }
    }
}
