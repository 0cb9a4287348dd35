package io.github.energy4j.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonConverterTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final IntensityProvenance SERIES = IntensityProvenance.live("csv", "test", EmissionBasis.AVERAGE,
            EmissionScope.UNSPECIFIED, "test series");

    @Test
    void shouldMultiplyEnergyPueAndIntensityWhenIntensityIsFixed() {
        // 2 kWh x PUE 1.2 x 250 g/kWh = 600 g, by hand
        assertEquals(600.0, CarbonConverter.carbonGrams(2.0, 1.2, 250.0), 1e-9);
        CarbonResult r = CarbonConverter.builder().intensity(CarbonIntensities.fixed(250, 1.2)).build()
                .convert(T0, T0.plus(Duration.ofMinutes(42)), 2.0);
        assertEquals(600.0, r.carbonGrams(), 1e-9);
        assertEquals(250.0, r.averageGramsPerKwh(), 1e-9);
        assertFalse(r.estimated());
        assertEquals("fixed", r.provenances().get(0).provider());
    }

    @Test
    void shouldIntegratePerBucketWhenIntensityChangesMidInterval() {
        IntensitySource halfHours = new TimeSeriesIntensity(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100),
                new IntensityPoint(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60)), 300)), 1.0, SERIES);
        CarbonResult r = CarbonConverter.builder().intensity(halfHours).bucket(Duration.ofMinutes(30)).build()
                .convert(T0, T0.plus(Duration.ofHours(1)), 1.0);
        // 0.5 kWh x 100 + 0.5 kWh x 300 = 200 g; one factor at either end would give 100 or 300
        assertEquals(200.0, r.carbonGrams(), 1e-9);
        assertEquals(200.0, r.averageGramsPerKwh(), 1e-9);
    }

    @Test
    void shouldSplitUnalignedIntervalByTimeShareWhenUsingDefaultBuckets() {
        IntensitySource halfHours = new TimeSeriesIntensity(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100),
                new IntensityPoint(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60)), 300)), 1.1, SERIES);
        // 10:20-10:50: 10 min at 100, 20 min at 300 -> (10*100 + 20*300)/30 = 233.33 g/kWh; 3 kWh x 1.1
        CarbonResult r = CarbonConverter.builder().intensity(halfHours).build()
                .convert(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(50)), 3.0);
        assertEquals(3.0 * 1.1 * (1000.0 + 6000.0) / 30.0, r.carbonGrams(), 1e-9);
    }

    @Test
    void shouldFlagResultEstimatedWhenPartOfIntervalUsesFallback() {
        IntensitySource series = new TimeSeriesIntensity(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100)), 1.0, SERIES);
        IntensitySource chain = CarbonIntensities.chain(series, CarbonIntensities.fixed(500));
        CarbonResult r = CarbonConverter.builder().intensity(chain).bucket(Duration.ofMinutes(30)).build()
                .convert(T0, T0.plus(Duration.ofHours(1)), 1.0);
        assertEquals(0.5 * 100 + 0.5 * 500, r.carbonGrams(), 1e-9);
        assertTrue(r.estimated());
        assertEquals(2, r.provenances().size());
        assertTrue(r.provenances().get(1).note().contains("fallback for csv"), r.provenances().get(1).note());
    }

    @Test
    void shouldRejectIntervalEndingBeforeItStarts() {
        CarbonConverter c = CarbonConverter.builder().intensity(CarbonIntensities.fixed(1)).build();
        assertThrows(IllegalArgumentException.class, () -> c.convert(T0, T0.minusSeconds(1), 1.0));
    }

    @Test
    void shouldAddResultsKeepingGramsAndEnergy() {
        CarbonResult a = new CarbonResult(1, 100, 100, 1.0, false, List.of());
        CarbonResult b = new CarbonResult(1, 300, 300, 1.0, true, List.of());
        CarbonResult sum = a.plus(b);
        assertEquals(400, sum.carbonGrams(), 1e-9);
        assertEquals(200, sum.averageGramsPerKwh(), 1e-9);
        assertTrue(sum.estimated());
    }
}
