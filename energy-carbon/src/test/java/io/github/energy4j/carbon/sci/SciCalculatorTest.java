package io.github.energy4j.carbon.sci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.CarbonIntensities;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SciCalculatorTest {

    private static final Duration FOUR_YEARS = Duration.ofDays(4 * 365);

    @Test
    void shouldAllocateAboutTwentyEightAndAHalfGramsForOneHourOfFourYearServer() {
        // 1000 kg x (1 h / 35040 h) = 28.539 g
        double m = EmbodiedEmissions.wholeMachine(1_000_000, FOUR_YEARS).gramsFor(Duration.ofHours(1));
        assertEquals(1_000_000.0 / 35_040.0, m, 1e-9);
        assertEquals(28.5, m, 0.05);
    }

    @Test
    void shouldShareEmbodiedEmissionsByReservedResources() {
        // 4 of 64 vCPUs for 1 h: 28.539 g x 4/64
        double m = new EmbodiedEmissions(1_000_000, FOUR_YEARS, 4, 64).gramsFor(Duration.ofHours(1));
        assertEquals(1_000_000.0 / 35_040.0 / 16.0, m, 1e-9);
    }

    @Test
    void shouldDivideOperationalPlusEmbodiedByCounterIncrease() {
        AtomicLong requests = new AtomicLong(500);
        SciCalculator sci = SciCalculator.builder()
                .intensity(CarbonIntensities.fixed(400, 1.5))
                .embodied(EmbodiedEmissions.wholeMachine(1_000_000, FOUR_YEARS))
                .functionalUnits(requests::get)
                .build();
        requests.addAndGet(1000);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        SciScore s = sci.score(t0, t0.plus(Duration.ofHours(1)), 0.1);
        // E.I = 0.1 kWh x 1.5 x 400 = 60 g; M = 28.539 g; R = 1000 requests
        assertEquals(60.0, s.operationalGrams(), 1e-9);
        assertEquals((60.0 + 1_000_000.0 / 35_040.0) / 1000.0, s.gramsPerUnit(), 1e-12);
        assertEquals(1000.0, s.functionalUnits(), 0);
        requests.addAndGet(10);
        assertEquals(10.0, sci.score(t0, t0.plus(Duration.ofHours(1)), 0.1).functionalUnits(), 0, "counter rebaselined");
    }

    @Test
    void shouldGiveNanScoreWhenNoFunctionalUnitsWereServed() {
        assertTrue(Double.isNaN(SciScore.of(10, 5, 0, false).gramsPerUnit()));
    }

    @Test
    void shouldRejectReservedResourcesAboveTotal() {
        assertThrows(IllegalArgumentException.class, () -> new EmbodiedEmissions(1, FOUR_YEARS, 65, 64));
    }
}
