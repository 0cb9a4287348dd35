package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.Workload;
import org.junit.jupiter.api.Test;

class WorkloadEnergyTest {

    private static WorkloadEnergy workload(double[] zoneJoules) {
        return new WorkloadEnergy(Workload.HOST, 3, zoneJoules, Double.NaN);
    }

    @Test
    void shouldNotChangeWhenTheArrayPassedInIsChangedLater() {
        double[] z = {1, 2};
        WorkloadEnergy w = workload(z);
        z[0] = 100;
        assertEquals(1, w.zoneJoules(0));
        assertArrayEquals(new double[] {1, 2}, w.zoneJoules());
    }

    @Test
    void shouldNotChangeWhenTheReturnedArrayIsChanged() {
        WorkloadEnergy w = workload(new double[] {1, 2});
        w.zoneJoules()[1] = 100;
        assertEquals(2, w.zoneJoules(1));
        assertArrayEquals(new double[] {1, 2}, w.zoneJoules());
    }

    @Test
    void shouldBeEqualWithEqualZoneValues() {
        WorkloadEnergy a = workload(new double[] {1, 2});
        WorkloadEnergy b = workload(new double[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, workload(new double[] {1, 3}));
        assertNotEquals(a, new WorkloadEnergy(Workload.HOST, 3, new double[] {1, 2}, Double.NaN, false));
    }

    @Test
    void shouldShowTheZoneNumbersInToString() {
        String s = workload(new double[] {1.5, 2.25}).toString();
        assertTrue(s.contains("zoneJoules=[1.5, 2.25]"), s);
        assertTrue(s.startsWith("WorkloadEnergy[workload="), s);
        assertTrue(s.endsWith("running=true]"), s);
    }

    @Test
    void shouldSubtractPerZoneWithoutChangingEitherOperand() {
        WorkloadEnergy later = new WorkloadEnergy(Workload.HOST, 10, new double[] {6, 4}, 2, false);
        WorkloadEnergy earlier = new WorkloadEnergy(Workload.HOST, 3, new double[] {1, 2}, 0.5, true);
        assertEquals(new WorkloadEnergy(Workload.HOST, 7, new double[] {5, 2}, 1.5, false), later.minus(earlier));
        assertArrayEquals(new double[] {6, 4}, later.zoneJoules());
        assertArrayEquals(new double[] {1, 2}, earlier.zoneJoules());
    }
}
