package io.github.energy4j.platform.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedfishResourcesTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = RedfishResourcesTest.class.getResourceAsStream("/fixtures/redfish/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldListCollectionMembers() throws Exception {
        assertEquals(List.of("/redfish/v1/Chassis/1U", "/redfish/v1/Chassis/GPUBoard"),
                RedfishResources.members(fixture("chassis-collection.json")));
    }

    @Test
    void shouldReadChassisLinksAndContainment() throws Exception {
        RedfishResources.Chassis c = RedfishResources.chassis(fixture("chassis-1U.json"));
        assertEquals(new RedfishResources.Chassis("1U", "/redfish/v1/Chassis/1U", "RackMount",
                "/redfish/v1/Chassis/1U/EnvironmentMetrics", "/redfish/v1/Chassis/1U/Power",
                "/redfish/v1/Chassis/1U/PowerSubsystem", null), c);
        assertEquals("/redfish/v1/Chassis/1U",
                RedfishResources.chassis(fixture("chassis-GPUBoard.json")).containedBy());
    }

    @Test
    void shouldReadPowerWattsReadingAndNaNWhenNull() throws Exception {
        assertEquals(374.5, RedfishResources.environmentPowerWatts(fixture("environment-metrics.json")));
        assertTrue(Double.isNaN(RedfishResources.environmentPowerWatts(fixture("environment-metrics-no-power.json"))));
    }

    @Test
    void shouldReadFirstPowerControlConsumedWatts() throws Exception {
        assertEquals(344.0, RedfishResources.powerControlWatts(fixture("power.json")));
        assertTrue(Double.isNaN(RedfishResources.powerControlWatts("{\"PowerControl\":[]}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldReadPowerSubsystemSuppliesTheirStateAndInputWatts() throws Exception {
        assertEquals("/redfish/v1/Chassis/1U/PowerSubsystem/PowerSupplies",
                RedfishResources.powerSupplies(fixture("power-subsystem.json")));
        RedfishResources.PowerSupply bay1 = RedfishResources.powerSupply(fixture("power-supply-bay1.json"));
        assertEquals("Enabled", bay1.state());
        assertTrue(bay1.inService());
        assertEquals("/redfish/v1/Chassis/1U/PowerSubsystem/PowerSupplies/Bay1/Metrics", bay1.metrics());
        RedfishResources.PowerSupply bay3 = RedfishResources.powerSupply(fixture("power-supply-bay3.json"));
        assertEquals(false, bay3.inService());
        assertNull(bay3.metrics());
        assertEquals(196.5, RedfishResources.inputPowerWatts(fixture("power-supply-metrics-bay1.json")));
        assertTrue(Double.isNaN(RedfishResources.inputPowerWatts("{\"InputPowerWatts\":{}}".getBytes(StandardCharsets.UTF_8))));
        assertThrows(IOException.class, () -> RedfishResources.powerSupply("[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRejectMalformedJson() throws IOException {
        assertThrows(IOException.class, () -> RedfishResources.members("{\"Members\": [".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> RedfishResources.environmentPowerWatts("<html>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> RedfishResources.chassis("{\"Name\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        // beyond a double: no reading, not infinite watts
        assertTrue(Double.isNaN(RedfishResources.inputPowerWatts(
                "{\"InputPowerWatts\":{\"Reading\":1e999}}".getBytes(StandardCharsets.UTF_8))));
    }
}
