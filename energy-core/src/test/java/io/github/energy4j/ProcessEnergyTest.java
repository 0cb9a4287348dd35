package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.energy4j.spi.Workload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The value types of a snapshot's processes and workloads, and the zone joules they carry. */
class ProcessEnergyTest {

    private static ProcessEnergy process(double... zoneJoules) {
        return new ProcessEnergy(42, 7, "nginx", Workload.HOST, 3, ZoneJoules.of(zoneJoules), Duration.ofMillis(1500),
                Double.NaN, false);
    }

    @Test
    void shouldKeepZoneJoulesApartFromTheArraysGivenAndReturned() {
        double[] z = {1, 2};
        ZoneJoules j = ZoneJoules.of(z);
        z[0] = 100;
        j.toArray()[1] = 100;
        assertArrayEquals(new double[] {1, 2}, j.toArray());
        assertEquals(2, j.size());
        assertEquals(2.0, j.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> j.get(2));
    }

    @Test
    void shouldCompareAndPrintProcessesByTheirZoneValues() {
        ProcessEnergy a = process(1, 2);
        assertEquals(a, process(1, 2));
        assertEquals(a.hashCode(), process(1, 2).hashCode());
        assertNotEquals(a, process(1, 3));
        assertEquals("ProcessEnergy[pid=42, startTimeTicks=7, comm=nginx, workload=" + Workload.HOST + ", joules=3.0, "
                + "zoneJoules=[1.0, 2.0], cpuTime=PT1.5S, carbonGrams=NaN, exited=false]", a.toString());
    }

    @Test
    void shouldSubtractProcessesPerZoneWithoutChangingEitherOperand() {
        ProcessEnergy later = new ProcessEnergy(42, 7, "nginx", Workload.HOST, 10, ZoneJoules.of(6, 4),
                Duration.ofSeconds(3), 2, true);
        ProcessEnergy earlier = new ProcessEnergy(42, 7, "nginx", Workload.HOST, 3, ZoneJoules.of(1, 2),
                Duration.ofSeconds(1), 0.5, false);
        assertEquals(new ProcessEnergy(42, 7, "nginx", Workload.HOST, 7, ZoneJoules.of(5, 2), Duration.ofSeconds(2),
                1.5, true), later.minus(earlier));
        assertEquals(ZoneJoules.of(6, 4), later.zoneJoules());
        assertEquals(ZoneJoules.of(1, 2), earlier.zoneJoules());
    }

    @Test
    void shouldSubtractWorkloadsPerZoneAndCountZonesTheEarlierLacksFromZero() {
        WorkloadEnergy later = new WorkloadEnergy(Workload.HOST, 10, ZoneJoules.of(6, 4, 1), 2, false);
        WorkloadEnergy earlier = new WorkloadEnergy(Workload.HOST, 3, ZoneJoules.of(1, 2), 0.5, true);
        assertEquals(new WorkloadEnergy(Workload.HOST, 7, ZoneJoules.of(5, 2, 1), 1.5, false), later.minus(earlier));
        assertEquals("[6.0, 4.0, 1.0]", later.zoneJoules().toString());
    }
}
