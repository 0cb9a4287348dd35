package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ElectricityMapsProviderTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String latest(Instant hour, double value, boolean estimated) {
        return "{\"zone\":\"DE\",\"carbonIntensity\":" + value + ",\"datetime\":\"" + hour + "\","
                + "\"updatedAt\":\"2025-03-01T10:05:00.000Z\",\"createdAt\":\"2025-02-28T10:00:00.000Z\","
                + "\"emissionFactorType\":\"lifecycle\",\"isEstimated\":" + estimated + ","
                + "\"estimationMethod\":" + (estimated ? "\"TIME_SLICER_AVERAGE\"" : "null") + "}";
    }

    private ProviderConfig config() {
        return ProviderConfig.builder().baseUri(server.base("/v3")).zone("DE")
                .token(Secret.of("s3cret-token", "test")).requestTimeout(Duration.ofSeconds(20))
                .fallback(CarbonIntensities.country("DE")).build();
    }

    private LiveIntensity live() {
        ElectricityMapsProvider p = new ElectricityMapsProvider();
        return new LiveIntensity(p.feed(config()), CarbonIntensities.country("DE"), Double.NaN, Duration.ofMinutes(5),
                Duration.ofHours(6));
    }

    @Test
    void shouldReadLatestWithAuthTokenHeaderAndCoverTheHour() {
        Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        server.answer("/v3/carbon-intensity/latest", 200, latest(hour, 302, false));
        LiveIntensity live = live();
        assertTrue(live.refreshNow(), live.lastError().orElse(""));
        assertEquals("s3cret-token", server.last().headers().getFirst("auth-token"));
        assertEquals("zone=DE", server.last().query());
        IntensityReading r = live.readingAt(hour.plusSeconds(1800).toEpochMilli());
        assertEquals(302.0, r.gramsPerKwh(), 1e-9);
        assertEquals(302.0, live.gramsPerKwh(hour.toEpochMilli()), 1e-9);
        assertEquals("electricitymaps", r.provenance().provider());
        assertEquals(EmissionBasis.AVERAGE, r.provenance().basis());
        assertEquals(EmissionScope.LIFECYCLE, r.provenance().scope());
        assertFalse(r.provenance().estimated());
    }

    @Test
    void shouldFlagValueEstimatedWhenServiceSaysItEstimated() {
        Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        server.answer("/v3/carbon-intensity/latest", 200, latest(hour, 250, true));
        LiveIntensity live = live();
        assertTrue(live.refreshNow());
        IntensityReading r = live.readingAt(hour.toEpochMilli());
        assertTrue(r.provenance().estimated());
        assertTrue(r.provenance().note().contains("TIME_SLICER_AVERAGE"));
    }

    @Test
    void shouldParseForecastAndHistoryArrays() throws FeedException {
        server.answer("/v3/carbon-intensity/forecast", 200, "{\"zone\":\"DE\",\"forecast\":["
                + "{\"carbonIntensity\":300,\"datetime\":\"2025-03-01T11:00:00.000Z\"},"
                + "{\"carbonIntensity\":150,\"datetime\":\"2025-03-01T12:00:00.000Z\"}],\"updatedAt\":\"2025-03-01T10:00:00.000Z\"}");
        server.answer("/v3/carbon-intensity/history", 200, "{\"zone\":\"DE\",\"history\":["
                + "{\"zone\":\"DE\",\"carbonIntensity\":410,\"datetime\":\"2025-03-01T08:00:00.000Z\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false},"
                + "{\"zone\":\"DE\",\"carbonIntensity\":null,\"datetime\":\"2025-03-01T09:00:00.000Z\"}]}");
        IntensityFeed feed = new ElectricityMapsProvider().feed(config());
        List<IntensityPoint> f = feed.fetchForecast();
        assertEquals(2, f.size());
        assertEquals(Instant.parse("2025-03-01T13:00:00Z"), f.get(1).end());
        assertEquals(150.0, f.get(1).gramsPerKwh(), 1e-9);
        List<IntensityPoint> h = feed.fetchHistory(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z"));
        assertEquals(1, h.size());
        assertEquals(410.0, h.get(0).gramsPerKwh(), 1e-9);
    }

    @Test
    void shouldKeepTheEarlierHourAfterTheNextRefreshSoAPastIntervalUsesItsOwnFigure() {
        Instant thisHour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant lastHour = thisHour.minus(Duration.ofHours(1));
        LiveIntensity live = live();
        server.answer("/v3/carbon-intensity/latest", 200, latest(lastHour, 300, true));
        assertTrue(live.refreshNow(), live.lastError().orElse(""));
        // "latest" now answers only the new hour; the hour before must keep its live figure and its provenance
        server.answer("/v3/carbon-intensity/latest", 200, latest(thisHour, 100, false));
        assertTrue(live.refreshNow(), live.lastError().orElse(""));
        IntensityReading before = live.readingAt(lastHour.plus(Duration.ofMinutes(30)).toEpochMilli());
        assertEquals(300.0, before.gramsPerKwh(), 1e-9);
        assertEquals("electricitymaps", before.provenance().provider());
        assertTrue(before.provenance().note().contains("TIME_SLICER_AVERAGE"), before.provenance().note());
        IntensityReading now = live.readingAt(thisHour.plus(Duration.ofMinutes(1)).toEpochMilli());
        assertEquals(100.0, now.gramsPerKwh(), 1e-9);
        assertFalse(now.provenance().estimated());
        // 1 kWh over both hours, converted after the refresh: 0.5 x 300 + 0.5 x 100 = 200 g (not 0.5 x DE's yearly figure)
        io.github.energy4j.carbon.CarbonResult r = io.github.energy4j.carbon.CarbonConverter.builder().intensity(live)
                .build().convert(lastHour, thisHour.plus(Duration.ofHours(1)), 1.0);
        assertEquals(200.0, r.carbonGrams(), 1e-9);
        assertEquals(2, r.provenances().size());
    }

    @Test
    void shouldDropBucketsOlderThanTheHistoryRetention() {
        Instant thisHour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant old = thisHour.minus(LiveIntensity.HISTORY_RETENTION).minus(Duration.ofHours(2));
        LiveIntensity live = live();
        server.answer("/v3/carbon-intensity/latest", 200, latest(old, 300, false));
        assertTrue(live.refreshNow());
        server.answer("/v3/carbon-intensity/latest", 200, latest(thisHour, 100, false));
        assertTrue(live.refreshNow());
        IntensityReading r = live.readingAt(old.plus(Duration.ofMinutes(30)).toEpochMilli());
        assertEquals("embedded", r.provenance().provider(), r.provenance().toString());
        assertTrue(r.provenance().estimated());
    }

    @Test
    void shouldReportMissingTokenInProbe() {
        ProviderProbe probe = new ElectricityMapsProvider().probe(ProviderConfig.builder().zone("FR").build());
        assertFalse(probe.available());
        assertTrue(probe.remedy().contains("ENERGY4J_ELECTRICITYMAPS_TOKEN"));
    }
}
