package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessEnergyReaderTest {

    private static ZoneEnergy zone(String name, Zone.Domain domain, boolean estimated, boolean primary) {
        return new ZoneEnergy(name, 0, domain, "test", estimated, primary, 0, 0, 0, 0, Double.NaN, Double.NaN, "");
    }

    private static EnergySnapshot snapshot(List<ZoneEnergy> zones, List<ProcessEnergy> processes) {
        return new EnergySnapshot(Instant.EPOCH, Duration.ZERO, 1, zones, processes, List.of(), 0, List.of(), "");
    }

    @Test
    void shouldSumThePrimaryCpuZonesAndReportTheGpuZonesBeside() {
        List<ZoneEnergy> zones = List.of(zone("package-0", Zone.Domain.PACKAGE, false, true),
                zone("core-0", Zone.Domain.CORE, false, false), zone("dram-0", Zone.Domain.DRAM, false, true),
                zone("gpu-0", Zone.Domain.GPU, false, true));
        ProcessEnergy self = new ProcessEnergy(42, 7, "java", Workload.HOST, 9.0, ZoneJoules.of(5, 4, 1, 3), Duration.ofMillis(2500),
                Double.NaN, false);
        ProcessEnergy other = new ProcessEnergy(43, 7, "sh", Workload.HOST, 100, ZoneJoules.of(50, 40, 10, 30), Duration.ofMillis(9000),
                Double.NaN, false);
        ProcessEnergyReader.Reading r = ProcessEnergyReader.of(snapshot(zones, List.of(other, self)), 42);
        assertEquals(6.0, r.cpuJoules(), 1e-12, "package and dram; core overlaps package");
        assertEquals(3.0, r.gpuJoules(), 1e-12);
        assertEquals(2.5, r.cpuSeconds(), 1e-12);
        assertEquals(Provenance.MEASURED, r.cpuProvenance());
        assertEquals(Provenance.MEASURED, r.gpuProvenance());
    }

    @Test
    void shouldSayEstimatedAndNotMeteredWhenTheCpuModelIsTheOnlyZone() {
        List<ZoneEnergy> zones = List.of(zone("cpu-model", Zone.Domain.CPU_MODEL, true, true));
        ProcessEnergy self = new ProcessEnergy(42, 7, "java", Workload.HOST, 1.5, ZoneJoules.of(1.5), Duration.ofMillis(1000), Double.NaN,
                false);
        ProcessEnergyReader.Reading r = ProcessEnergyReader.of(snapshot(zones, List.of(self)), 42);
        assertEquals(1.5, r.cpuJoules(), 1e-12);
        assertTrue(Double.isNaN(r.gpuJoules()), "no GPU zone: not metered");
        assertEquals(Provenance.ESTIMATED, r.cpuProvenance());
        assertEquals(Provenance.UNAVAILABLE, r.gpuProvenance());
    }

    @Test
    void shouldReadZeroForAProcessTheSnapshotDoesNotListYet() {
        List<ZoneEnergy> zones = List.of(zone("cpu-model", Zone.Domain.CPU_MODEL, true, true));
        ProcessEnergyReader.Reading r = ProcessEnergyReader.of(snapshot(zones, List.of()), 42);
        assertEquals(0.0, r.cpuJoules(), 0);
        assertEquals(0.0, r.cpuSeconds(), 0);
    }
}
