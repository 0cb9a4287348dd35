package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergySnapshotTest {

    private static ZoneEnergy zone(String source, double joules) {
        return new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, source, false, true, joules, joules, 0, joules,
                Double.NaN, Double.NaN, "");
    }

    private static EnergySnapshot snapshot(double powercap, double msr) {
        return new EnergySnapshot(Instant.EPOCH, Duration.ZERO, 0, List.of(zone("rapl", powercap), zone("rapl-msr", msr)),
                List.of(), List.of(), 0, List.of(), "");
    }

    @Test
    void shouldSubtractZonesOfTheSameNameFromDifferentSourcesSeparately() {
        EnergySnapshot window = snapshot(30, 500).since(snapshot(10, 100));
        assertEquals(20, window.zones().get(0).joules(), 1e-12);
        assertEquals(400, window.zones().get(1).joules(), 1e-12, "not the other source's package-0");
    }
}
