package io.github.energy4j.profiler.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.energy4j.Provenance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodTableTest {

    @Test
    void shouldListSelfAndTotalEnergyPerMethodCountingARecursiveMethodOncePerSample() {
        List<MethodTable.Row> rows = MethodTable.rows(Profiles.sample());
        assertEquals(List.of(
                new MethodTable.Row("app.Parser.parse", 4.0, 5.0, 0.4, 2),
                new MethodTable.Row("[jvm:gc+jit+vm-threads]", 2.0004, 2.0004, 2.0004 / 10.0, 0),
                new MethodTable.Row("app.Encoder.<init>", 2.0, 2.0, 0.2, 1),
                new MethodTable.Row("app.Worker.work", 1.0, 7.0, 0.1, 1),
                new MethodTable.Row("[energy4j-profiler+jfr]", 0.9996, 0.9996, 0.9996 / 10.0, 0),
                new MethodTable.Row("app.Main.main", 0.0, 7.0, 0.0, 0)), rows);
        double shares = 0;
        for (MethodTable.Row r : rows) {
            shares += r.share();
        }
        assertEquals(1.0, shares, 1e-12, "every joule is some method's self energy");
    }

    @Test
    void shouldRefuseATreeWhoseParentsDoNotComeFirst() {
        ProfileSummary s = Profiles.sample().summary();
        assertThrows(IllegalArgumentException.class, () -> new EnergyProfile(new String[] {"", "a", "b"},
                new int[] {-1, 2, 0}, new double[3], new long[3], s));
        assertThrows(IllegalArgumentException.class, () -> new EnergyProfile(new String[] {"", "a"},
                new int[] {-1, 0}, new double[1], new long[2], s));
    }

    @Test
    void shouldGiveAnEmptyTableAndZeroSharesForAProfileWithoutEnergy() {
        EnergyProfile p = new EnergyProfile(new String[] {"", "a"}, new int[] {-1, 0}, new double[2], new long[] {0, 3},
                new ProfileSummary(Provenance.MEASURED, Duration.ofMillis(20), Duration.ofSeconds(1), 0, Double.NaN, 0,
                        Double.NaN, Provenance.UNAVAILABLE, 0, 0, Duration.ZERO, 0, 0, 0, 1, "x", Instant.EPOCH));
        assertEquals(List.of(new MethodTable.Row("a", 0, 0, 0, 3)), MethodTable.rows(p));
    }
}
