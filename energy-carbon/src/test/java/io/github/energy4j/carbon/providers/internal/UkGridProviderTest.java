package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UkGridProviderTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private IntensityFeed feed(String zone) {
        ProviderConfig.Builder b = ProviderConfig.builder().baseUri(server.base("")).requestTimeout(Duration.ofSeconds(20));
        if (zone != null) {
            b.zone(zone);
        }
        return new UkGridProvider().feed(b.build());
    }

    @Test
    void shouldPreferActualOverForecastForNationalHalfHour() throws FeedException {
        server.answer("/intensity", 200, "{\"data\":[{\"from\":\"2018-01-20T12:00Z\",\"to\":\"2018-01-20T12:30Z\","
                + "\"intensity\":{\"forecast\":266,\"actual\":263,\"index\":\"moderate\"}}]}");
        FeedSnapshot s = feed(null).fetchCurrent();
        IntensityPoint p = s.points().get(0);
        assertEquals(263.0, p.gramsPerKwh(), 1e-9);
        assertEquals(Instant.parse("2018-01-20T12:00:00Z"), p.start());
        assertEquals(Instant.parse("2018-01-20T12:30:00Z"), p.end());
        assertEquals("GB", s.provenance().zone());
    }

    @Test
    void shouldReadNestedRegionalAnswerAndNameTheRegion() throws FeedException {
        server.answer("/regional/regionid/13", 200, "{\"data\":[{\"regionid\":13,\"dnoregion\":\"UKPN London\","
                + "\"shortname\":\"London\",\"data\":[{\"from\":\"2025-03-01T10:00Z\",\"to\":\"2025-03-01T10:30Z\","
                + "\"intensity\":{\"forecast\":180,\"index\":\"moderate\"},\"generationmix\":[{\"fuel\":\"gas\",\"perc\":40.1}]}]}]}");
        FeedSnapshot s = feed("13").fetchCurrent();
        assertEquals(180.0, s.points().get(0).gramsPerKwh(), 1e-9);
        assertTrue(s.provenance().zone().contains("London"), s.provenance().zone());
    }

    @Test
    void shouldReadRegionalForecastWhoseDataIsAnObject() throws FeedException {
        String body = "{\"data\":{\"regionid\":1,\"shortname\":\"North Scotland\",\"data\":["
                + "{\"from\":\"2025-03-01T10:00Z\",\"to\":\"2025-03-01T10:30Z\",\"intensity\":{\"forecast\":20,\"index\":\"very low\"}},"
                + "{\"from\":\"2025-03-01T10:30Z\",\"to\":\"2025-03-01T11:00Z\",\"intensity\":{\"forecast\":25,\"index\":\"very low\"}}]}}";
        List<IntensityPoint> points = UkGridParser.parse(body);
        assertEquals(2, points.size());
        assertEquals(25.0, points.get(1).gramsPerKwh(), 1e-9);
    }

    @Test
    void shouldFlagAHalfHourThatHasOnlyAForecastAsEstimated() throws FeedException {
        server.answer("/intensity", 200, "{\"data\":[{\"from\":\"2018-01-20T12:00Z\",\"to\":\"2018-01-20T12:30Z\","
                + "\"intensity\":{\"forecast\":266,\"actual\":263,\"index\":\"moderate\"}},"
                + "{\"from\":\"2018-01-20T12:30Z\",\"to\":\"2018-01-20T13:00Z\","
                + "\"intensity\":{\"forecast\":270,\"actual\":null,\"index\":\"moderate\"}}]}");
        FeedSnapshot s = feed(null).fetchCurrent();
        assertFalse(s.provenanceAt(0).estimated(), "an actual figure is what the service reports");
        assertTrue(s.provenanceAt(1).estimated(), "the current half hour before NESO publishes its actual figure");
        assertTrue(s.provenanceAt(1).note().contains("forecast"), s.provenanceAt(1).note());
        assertEquals(270.0, s.points().get(1).gramsPerKwh(), 1e-9);
    }

    @Test
    void shouldFlagTheLiveRegionalFigureEstimatedBecauseRegionsOnlyHaveForecasts() {
        java.time.Instant half = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        String from = half.toString().replace(":00Z", "Z");
        String to = half.plusSeconds(3600).toString().replace(":00Z", "Z");
        server.answer("/regional/regionid/13", 200, "{\"data\":[{\"regionid\":13,\"shortname\":\"London\","
                + "\"data\":[{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"intensity\":{\"forecast\":180,"
                + "\"index\":\"moderate\"}}]}]}");
        LiveIntensity live = new LiveIntensity(feed("13"), io.github.energy4j.carbon.CarbonIntensities.country("GB"),
                Double.NaN, Duration.ofMinutes(5), Duration.ofHours(6));
        assertTrue(live.refreshNow(), live.lastError().orElse(""));
        io.github.energy4j.carbon.IntensityReading r = live.readingAt(System.currentTimeMillis());
        assertEquals(180.0, r.gramsPerKwh(), 1e-9);
        assertEquals("ukgrid", r.provenance().provider());
        assertTrue(r.provenance().estimated());
        assertTrue(r.provenance().note().contains("forecast"), r.provenance().note());
    }

    @Test
    void shouldDeclineZonesOutsideGreatBritain() {
        ProviderProbe probe = new UkGridProvider().probe(ProviderConfig.builder().zone("FR").build());
        assertFalse(probe.available());
        assertTrue(probe.remedy().contains("1-17"));
    }
}
