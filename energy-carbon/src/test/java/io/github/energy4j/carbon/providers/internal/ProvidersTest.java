package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

    @Test
    void shouldDiscoverAllProvidersThroughServiceLoaderHighestPriorityFirst() {
        List<IntensityProvider> all = IntensityProviders.all();
        assertEquals(List.of("fixed", "csv", "electricitymaps", "watttime", "carbon-aware-sdk", "ukgrid", "embedded"),
                all.stream().map(IntensityProvider::id).toList());
    }

    @Test
    void shouldNeverShowSecretValuesInToString() {
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "tok-very-secret", "ENERGY4J_ELECTRICITYMAPS_ZONE", "FR");
        ProviderConfig c = ProviderConfig.fromEnvironment("electricitymaps", env).build();
        assertFalse(c.toString().contains("tok-very-secret"), c.toString());
        assertTrue(c.toString().contains("ENERGY4J_ELECTRICITYMAPS_TOKEN"), c.toString());
        assertEquals("FR", c.zone().orElseThrow());
    }

    @Test
    void shouldReadSecretFromFileNamedByEnvironment(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("pw");
        Files.writeString(f, "from-file\n");
        Secret s = Secret.fromEnvironment(Map.of("ENERGY4J_WATTTIME_PASSWORD_FILE", f.toString()), "ENERGY4J_WATTTIME_PASSWORD")
                .orElseThrow();
        assertEquals("from-file", s.reveal());
        assertFalse(s.toString().contains("from-file"));
    }

    @Test
    void shouldParseCsvSeriesWithBucketsUntilNextRow() {
        List<IntensityPoint> p = CsvTimeSeries.parse("timestamp,g_per_kwh\n2025-01-01T00:00:00Z,100\n2025-01-01T00:30:00Z,300\n", "x.csv");
        assertEquals(Instant.parse("2025-01-01T00:30:00Z"), p.get(0).end());
        assertEquals(Instant.parse("2025-01-01T01:00:00Z"), p.get(1).end());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTimeSeries.parse("time,value\n", "bad.csv"));
        assertTrue(e.getMessage().contains("timestamp,g_per_kwh"));
    }

    @Test
    void shouldServeCsvFileThroughProviderWithFallbackOutsideIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("grid.csv");
        Files.writeString(f, "timestamp,g_per_kwh\n2025-01-01T00:00:00Z,100\n2025-01-01T00:30:00Z,300\n");
        ProviderConfig c = ProviderConfig.builder().csvFile(f).fallback(CarbonIntensities.fixed(999)).build();
        try (LiveIntensity s = (LiveIntensity) CarbonIntensities.provider("csv", c)) {
            assertTrue(s.refreshNow());
            assertEquals(300.0, s.gramsPerKwh(Instant.parse("2025-01-01T00:45:00Z").toEpochMilli()), 1e-9);
            assertEquals(999.0, s.gramsPerKwh(Instant.parse("2024-06-01T00:00:00Z").toEpochMilli()), 1e-9);
        }
    }

    @Test
    void shouldExplainWhatToSetWhenProviderIsNotConfigured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CarbonIntensities.provider("watttime", ProviderConfig.builder().build()));
        assertTrue(e.getMessage().contains("ENERGY4J_WATTTIME_USERNAME"), e.getMessage());
    }

    @Test
    void shouldApplyTheConfiguredPueToTheEmbeddedFigure() {
        IntensitySource plain = CarbonIntensities.provider("embedded", ProviderConfig.builder().zone("aws:eu-west-1").build());
        assertEquals(1.135, plain.pue(), 1e-12);
        IntensitySource own = CarbonIntensities.provider("embedded",
                ProviderConfig.builder().zone("aws:eu-west-1").pue(1.4).build());
        assertEquals(1.4, own.pue(), 1e-12);
        assertEquals(1.4, own.readingAt(0).pue(), 1e-12);
        assertEquals(278.6, own.gramsPerKwh(0), 1e-9);
        assertEquals("aws:eu-west-1", own.readingAt(0).provenance().zone());
    }

    @Test
    void shouldOpenFixedProviderWithConfiguredValue() {
        IntensitySource s = CarbonIntensities.provider("fixed", ProviderConfig.builder().fixedGramsPerKwh(123.5).build());
        assertEquals(123.5, s.gramsPerKwh(0), 1e-9);
    }
}
