package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.providers.ProviderConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CarbonAwareSdkProviderTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private IntensityFeed feed() {
        return new CarbonAwareSdkProvider().feed(ProviderConfig.builder().baseUri(server.base("")).zone("eastus")
                .requestTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    void shouldReadEmissionsByLocationWithTimeSpanDurations() throws FeedException {
        server.answer("/emissions/bylocation", 200, "[{\"location\":\"eastus\",\"time\":\"2022-05-17T20:45:00+00:00\","
                + "\"rating\":70,\"duration\":\"00:05:00\"},{\"location\":\"eastus\",\"time\":\"2022-05-17T20:50:00+00:00\",\"rating\":90}]");
        FeedSnapshot s = feed().fetchCurrent();
        assertTrue(server.last().query().startsWith("location=eastus&time="), server.last().query());
        assertEquals(2, s.points().size());
        assertEquals(Instant.parse("2022-05-17T20:50:00Z"), s.points().get(0).end());
        assertEquals(90.0, s.points().get(1).gramsPerKwh(), 1e-9);
        assertEquals(Instant.parse("2022-05-17T20:55:00Z"), s.points().get(1).end(), "no duration and no next point: 5 min");
    }

    @Test
    void shouldReadForecastDataWithDurationInMinutes() throws FeedException {
        server.answer("/emissions/forecasts/current", 200, "[{\"requestedAt\":\"2022-07-19T13:37:49+00:00\","
                + "\"generatedAt\":\"2022-07-19T13:35:00+00:00\",\"location\":\"northeurope\",\"dataStartAt\":\"2022-07-19T14:00:00Z\","
                + "\"dataEndAt\":\"2022-07-19T14:20:00Z\",\"windowSize\":10,"
                + "\"optimalDataPoints\":[{\"location\":\"IE\",\"timestamp\":\"2022-07-19T14:10:00+00:00\",\"duration\":10,\"value\":448.4}],"
                + "\"forecastData\":[{\"location\":\"IE\",\"timestamp\":\"2022-07-19T14:00:00+00:00\",\"duration\":10,\"value\":532.0},"
                + "{\"location\":\"IE\",\"timestamp\":\"2022-07-19T14:10:00+00:00\",\"duration\":10,\"value\":448.4}]}]");
        List<IntensityPoint> f = feed().fetchForecast();
        assertEquals(2, f.size());
        assertEquals(Instant.parse("2022-07-19T14:20:00Z"), f.get(1).end());
        assertEquals(532.0, f.get(0).gramsPerKwh(), 1e-9);
    }

    @Test
    void shouldParseDotNetTimeSpans() {
        assertEquals(Duration.ofMinutes(5), CarbonAwareSdkParser.duration("00:05:00"));
        assertEquals(Duration.ofDays(1).plusHours(2), CarbonAwareSdkParser.duration("1.02:00:00"));
        assertEquals(Duration.ofMinutes(30), CarbonAwareSdkParser.duration(30.0));
    }
}
