package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WattTimeProviderTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String body(String t0, String t1, double v0, double v1) {
        return "{\"data\":[{\"point_time\":\"" + t0 + "\",\"value\":" + v0 + "},{\"point_time\":\"" + t1 + "\",\"value\":" + v1 + "}],"
                + "\"meta\":{\"data_point_period_seconds\":300,\"region\":\"CAISO_NORTH\",\"warnings\":[],"
                + "\"signal_type\":\"co2_moer\",\"model\":{\"date\":\"2023-03-01\"},\"units\":\"lbs_co2_per_mwh\","
                + "\"generated_at_period_seconds\":300,\"generated_at\":\"" + t0 + "\"}}";
    }

    private IntensityFeed feed() {
        return new WattTimeProvider().feed(ProviderConfig.builder().baseUri(server.base("")).zone("CAISO_NORTH")
                .username("alice").password(Secret.of("pa55", "test")).requestTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    void shouldLogInWithBasicAuthThenReadForecastWithBearerAndConvertPoundsPerMwh() throws FeedException {
        server.answer("/login", 200, "{\"token\":\"tok-123\"}");
        server.answer("/v3/forecast", 200, body("2025-03-01T10:00:00+00:00", "2025-03-01T10:05:00+00:00", 1000, 500));
        FeedSnapshot s = feed().fetchCurrent();
        LoopbackServer.Request login = server.requests.get(0);
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString("alice:pa55".getBytes(StandardCharsets.UTF_8));
        assertEquals(expectedBasic, login.headers().getFirst("Authorization"));
        assertEquals("Bearer tok-123", server.last().headers().getFirst("Authorization"));
        assertTrue(server.last().query().contains("signal_type=co2_moer"));
        assertTrue(server.last().query().contains("region=CAISO_NORTH"));
        // 1000 lb/MWh = 453.59237 g/kWh
        assertEquals(453.59237, s.points().get(0).gramsPerKwh(), 1e-9);
        assertEquals(226.796185, s.points().get(1).gramsPerKwh(), 1e-9);
        assertEquals(Instant.parse("2025-03-01T10:10:00Z"), s.points().get(1).end());
        assertEquals(EmissionBasis.MARGINAL, s.provenance().basis());
    }

    @Test
    void shouldFlagForecastPointsAfterTheCurrentValueAsEstimated() throws FeedException {
        server.answer("/login", 200, "{\"token\":\"tok-123\"}");
        server.answer("/v3/forecast", 200, body("2025-03-01T10:00:00+00:00", "2025-03-01T10:05:00+00:00", 1000, 500));
        FeedSnapshot s = feed().fetchCurrent();
        assertFalse(s.provenanceAt(0).estimated(), "the first point is the current value");
        assertTrue(s.provenanceAt(1).estimated(), "later points are forecasts");
        assertTrue(s.provenanceAt(1).note().contains("forecast"), s.provenanceAt(1).note());
    }

    @Test
    void shouldReuseTokenAcrossCallsAndQueryHistoricalWithStartAndEnd() throws FeedException {
        server.answer("/login", 200, "{\"token\":\"tok-123\"}");
        server.answer("/v3/historical", 200, body("2025-03-01T08:00:00+00:00", "2025-03-01T08:05:00+00:00", 800, 900));
        IntensityFeed feed = feed();
        List<IntensityPoint> h = feed.fetchHistory(Instant.parse("2025-03-01T08:00:00Z"), Instant.parse("2025-03-01T08:10:00Z"));
        feed.fetchHistory(Instant.parse("2025-03-01T08:00:00Z"), Instant.parse("2025-03-01T08:10:00Z"));
        assertEquals(3, server.requests.size(), "one login, two data calls");
        assertTrue(server.last().query().contains("start=2025-03-01T08%3A00%3A00Z"), server.last().query());
        assertEquals(900 * WattTimeParser.GRAMS_PER_KWH_PER_LB_PER_MWH, h.get(1).gramsPerKwh(), 1e-9);
    }
}
