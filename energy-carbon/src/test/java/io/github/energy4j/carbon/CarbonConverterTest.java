package io.github.energy4j.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyReading;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.Provenance;
import io.github.energy4j.testing.CoreProviders;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        IntensitySource halfHours = CarbonIntensities.timeSeries(List.of(
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
        IntensitySource halfHours = CarbonIntensities.timeSeries(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100),
                new IntensityPoint(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60)), 300)), 1.1, SERIES);
        // 10:20-10:50: 10 min at 100, 20 min at 300 -> (10*100 + 20*300)/30 = 233.33 g/kWh; 3 kWh x 1.1
        CarbonResult r = CarbonConverter.builder().intensity(halfHours).build()
                .convert(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(50)), 3.0);
        assertEquals(3.0 * 1.1 * (1000.0 + 6000.0) / 30.0, r.carbonGrams(), 1e-9);
    }

    @Test
    void shouldFlagResultEstimatedWhenPartOfIntervalUsesFallback() {
        IntensitySource series = CarbonIntensities.timeSeries(List.of(
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
    void shouldCutAtTheSourcesOwnBoundaryWhenItFallsInsideAConverterBucket() {
        // a CSV-style series whose value changes at 10:07, inside the default 10:05-10:10 bucket
        Instant change = T0.plus(Duration.ofMinutes(7));
        IntensitySource series = CarbonIntensities.timeSeries(List.of(
                new IntensityPoint(T0, change, 100),
                new IntensityPoint(change, T0.plus(Duration.ofMinutes(60)), 300)), 1.0, SERIES);
        CarbonResult r = CarbonConverter.builder().intensity(series).build()
                .convert(T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(10)), 1.0);
        // by hand: 2 of 5 minutes at 100, 3 at 300 -> 0.4 x 100 + 0.6 x 300 = 220 g (the midpoint alone would say 300)
        assertEquals(220.0, r.carbonGrams(), 1e-9);
    }

    @Test
    void shouldApplyThePueThatGoesWithEachFigure() {
        // first half from a series at PUE 1.0, second half from a fallback at PUE 1.5
        IntensitySource series = CarbonIntensities.timeSeries(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100)), 1.0, SERIES);
        IntensitySource chain = CarbonIntensities.chain(series, CarbonIntensities.fixed(500, 1.5));
        CarbonResult r = CarbonConverter.builder().intensity(chain).build()
                .convert(T0, T0.plus(Duration.ofHours(1)), 1.0);
        // 0.5 kWh x 1.0 x 100 + 0.5 kWh x 1.5 x 500 = 50 + 375 = 425 g; facility energy 0.5 + 0.75 = 1.25 kWh
        assertEquals(425.0, r.carbonGrams(), 1e-9);
        assertEquals(1.25, r.pue(), 1e-12);
        assertEquals(425.0 / 1.25, r.averageGramsPerKwh(), 1e-9);
        // a forced PUE applies everywhere: 1 kWh x 2.0 x (0.5 x 100 + 0.5 x 500) = 600 g
        CarbonResult forced = CarbonConverter.builder().intensity(chain).pue(2.0).build()
                .convert(T0, T0.plus(Duration.ofHours(1)), 1.0);
        assertEquals(600.0, forced.carbonGrams(), 1e-9);
        assertEquals(2.0, forced.pue(), 1e-12);
    }

    @Test
    void shouldGiveThePueOfTheChainSourceThatAnswersNow() {
        long now = System.currentTimeMillis();
        IntensitySource current = CarbonIntensities.timeSeries(List.of(new IntensityPoint(Instant.ofEpochMilli(now - 60_000),
                Instant.ofEpochMilli(now + 3_600_000), 100)), 1.1, SERIES);
        IntensitySource past = CarbonIntensities.timeSeries(List.of(new IntensityPoint(T0, T0.plusSeconds(60), 100)), 1.1, SERIES);
        assertEquals(1.1, CarbonIntensities.chain(current, CarbonIntensities.fixed(500, 1.6)).pue(), 0);
        assertEquals(1.6, CarbonIntensities.chain(past, CarbonIntensities.fixed(500, 1.6)).pue(), 0);
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

    private static EnergyReading reading(double cpuJoules, double gpuJoules, Duration elapsed, Provenance source,
                                         Provenance gpuSource) {
        return new EnergyReading("work", cpuJoules, gpuJoules, Duration.ofSeconds(1), elapsed, source, Double.NaN,
                gpuSource);
    }

    @Test
    void shouldConvertTheCpuPlusGpuJoulesOfAReading() {
        // 1.8 MJ CPU + 1.8 MJ GPU = 3.6 MJ = 1 kWh; x PUE 1.2 x 250 g/kWh = 300 g, by hand
        EnergyReading r = reading(1_800_000, 1_800_000, Duration.ofMinutes(10), Provenance.MEASURED,
                Provenance.MEASURED);
        CarbonResult c = CarbonConverter.builder().intensity(CarbonIntensities.fixed(250, 1.2)).build().convert(r);
        assertEquals(1.0, c.energyKwh(), 1e-12);
        assertEquals(300.0, c.carbonGrams(), 1e-9);
        assertEquals(1.2, c.pue(), 1e-12);
        assertFalse(c.estimated(), "measured energy at a published figure");
        assertEquals("fixed", c.provenances().get(0).provider());
    }

    @Test
    void shouldSpreadAReadingOverTheElapsedTimeEndingAtTheGivenInstant() {
        IntensitySource halfHours = CarbonIntensities.timeSeries(List.of(
                new IntensityPoint(T0, T0.plus(Duration.ofMinutes(30)), 100),
                new IntensityPoint(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60)), 300)), 1.0, SERIES);
        // 3.6 MJ = 1 kWh over 10:00-11:00: 0.5 kWh x 100 + 0.5 kWh x 300 = 200 g
        EnergyReading r = reading(3_600_000, 0, Duration.ofHours(1), Provenance.MEASURED, Provenance.MEASURED);
        CarbonResult c = CarbonConverter.builder().intensity(halfHours).build().convert(r, T0.plus(Duration.ofHours(1)));
        assertEquals(200.0, c.carbonGrams(), 1e-9);
        // the last 20 minutes only: 10 min at 100, 10 min at 300 of 1 kWh = 200 g; the first 20 minutes: 100 g
        EnergyReading last = reading(3_600_000, 0, Duration.ofMinutes(20), Provenance.MEASURED, Provenance.MEASURED);
        CarbonConverter c2 = CarbonConverter.builder().intensity(halfHours).build();
        assertEquals(200.0, c2.convert(last, T0.plus(Duration.ofMinutes(40))).carbonGrams(), 1e-9);
        assertEquals(100.0, c2.convert(last, T0.plus(Duration.ofMinutes(20))).carbonGrams(), 1e-9);
    }

    @Test
    void shouldMarkTheResultEstimatedWhenTheReadingsEnergyIsEstimated() {
        CarbonConverter c = CarbonConverter.builder().intensity(CarbonIntensities.fixed(250, 1.2)).build();
        CarbonResult cpu = c.convert(reading(1_800_000, 1_800_000, Duration.ofMinutes(1), Provenance.ESTIMATED,
                Provenance.MEASURED));
        assertEquals(300.0, cpu.carbonGrams(), 1e-9);
        assertTrue(cpu.estimated(), "CPU energy from the power model");
        CarbonResult gpu = c.convert(reading(1_800_000, 1_800_000, Duration.ofMinutes(1), Provenance.MEASURED,
                Provenance.ESTIMATED));
        assertEquals(300.0, gpu.carbonGrams(), 1e-9);
        assertTrue(gpu.estimated(), "GPU energy credited by the pid-namespace rule");
    }

    @Test
    void shouldGiveNaNGramsForAReadingWithoutAnEnergyFigure() {
        CarbonResult c = CarbonConverter.builder().intensity(CarbonIntensities.fixed(250, 1.2)).build()
                .convert(reading(Double.NaN, 5, Duration.ofMinutes(1), Provenance.UNAVAILABLE, Provenance.MEASURED));
        assertTrue(Double.isNaN(c.carbonGrams()), "grams " + c.carbonGrams());
        assertTrue(Double.isNaN(c.energyKwh()), "kWh " + c.energyKwh());
        assertTrue(c.estimated());
    }

    @Test
    void shouldConvertAClosedScopeAsItsReading(@TempDir Path tmp) {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).process(5, "x", 0, 0, 1);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        CarbonConverter c = CarbonConverter.builder().intensity(CarbonIntensities.fixed(250, 1.2)).build();
        try (EnergyMeter m = EnergyMeter.builder().procfs(proc).sysfs(sys).workloadResolvers(false)
                .interval(Duration.ofMillis(20)).idlePolicy(IdlePolicy.none())
                .providers(List.of(new FileCounterProvider(), CoreProviders.cpuModel())).build()) {
            m.sampleNow();
            FileCounterProvider.energy(sys, "package-0", 10_000_000);
            p.advanceCpu(1, 1);
            m.sampleNow();
            EnergyScope scope = m.scope("work");
            assertThrows(IllegalStateException.class, () -> c.convert(scope), "an open scope has no reading");
            for (long end = System.nanoTime() + 50_000_000L; System.nanoTime() < end; ) {
                // some CPU time of this thread for the scope to price
            }
            FileCounterProvider.energy(sys, "package-0", 20_000_000);
            p.advanceCpu(1, 1);
            m.sampleNow();
            scope.close();
            assertTrue(scope.joules() > 0, "scope joules " + scope.joules());
            CarbonResult r = c.convert(scope);
            // joules / 3.6e6 kWh x PUE 1.2 x 250 g/kWh
            assertEquals((scope.joules() + scope.gpuJoules()) / 3.6e6 * 1.2 * 250, r.carbonGrams(), 1e-12);
            assertEquals(c.convert(scope.result()), r);
            assertFalse(r.estimated(), "the file counter is a measured zone");
        }
    }
}
