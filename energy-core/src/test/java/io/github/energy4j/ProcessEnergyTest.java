package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.Workload;
import org.junit.jupiter.api.Test;

class ProcessEnergyTest {

    private static ProcessEnergy process(double[] zoneJoules) {
        return new ProcessEnergy(42, 7, "nginx", Workload.HOST, 3, zoneJoules, 1.5, Double.NaN, false);
    }

    @Test
    void shouldNotChangeWhenTheArrayPassedInIsChangedLater() {
        double[] z = {1, 2};
        ProcessEnergy p = process(z);
        z[0] = 100;
        assertEquals(1, p.zoneJoules(0));
        assertArrayEquals(new double[] {1, 2}, p.zoneJoules());
    }

    @Test
    void shouldNotChangeWhenTheReturnedArrayIsChanged() {
        ProcessEnergy p = process(new double[] {1, 2});
        p.zoneJoules()[1] = 100;
        assertEquals(2, p.zoneJoules(1));
        assertArrayEquals(new double[] {1, 2}, p.zoneJoules());
    }

    @Test
    void shouldBeEqualWithEqualZoneValues() {
        ProcessEnergy a = process(new double[] {1, 2});
        ProcessEnergy b = process(new double[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, process(new double[] {1, 3}));
        assertNotEquals(a, new ProcessEnergy(43, 7, "nginx", Workload.HOST, 3, new double[] {1, 2}, 1.5, Double.NaN,
                false));
    }

    @Test
    void shouldShowTheZoneNumbersInToString() {
        String s = process(new double[] {1.5, 2.25}).toString();
        assertTrue(s.contains("zoneJoules=[1.5, 2.25]"), s);
        assertTrue(s.startsWith("ProcessEnergy[pid=42, "), s);
        assertTrue(s.contains("carbonGrams=NaN"), s);
    }

    @Test
    void shouldSubtractPerZoneWithoutChangingEitherOperand() {
        ProcessEnergy later = new ProcessEnergy(42, 7, "nginx", Workload.HOST, 10, new double[] {6, 4}, 3, 2, true);
        ProcessEnergy earlier = new ProcessEnergy(42, 7, "nginx", Workload.HOST, 3, new double[] {1, 2}, 1, 0.5, false);
        ProcessEnergy d = later.minus(earlier);
        assertEquals(new ProcessEnergy(42, 7, "nginx", Workload.HOST, 7, new double[] {5, 2}, 2, 1.5, true), d);
        assertArrayEquals(new double[] {6, 4}, later.zoneJoules());
        assertArrayEquals(new double[] {1, 2}, earlier.zoneJoules());
    }
}
