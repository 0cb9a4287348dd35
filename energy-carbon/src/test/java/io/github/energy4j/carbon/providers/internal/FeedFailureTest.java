package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every HTTP provider degrades the same way: fallback value, estimated flag, the error in the note. */
class FeedFailureTest {

    private static final IntensitySource FALLBACK = CarbonIntensities.country("FR");
    private LoopbackServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        server.answer("/login", 200, "{\"token\":\"bearer-abc\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("electricitymaps", "/v3/carbon-intensity/latest"),
                Arguments.of("watttime", "/v3/forecast"),
                Arguments.of("ukgrid", "/intensity"),
                Arguments.of("carbon-aware-sdk", "/emissions/bylocation"));
    }

    private IntensityFeed feed(String id) {
        // generous, so a cold JVM's first request or TLS handshake on a loaded machine never times out by
        // accident; the timeout test below sets its own short limit
        return feed(id, Duration.ofSeconds(20));
    }

    private IntensityFeed feed(String id, Duration requestTimeout) {
        ProviderConfig.Builder b = ProviderConfig.builder().requestTimeout(requestTimeout)
                .connectTimeout(Duration.ofSeconds(20));
        switch (id) {
            case "electricitymaps":
                return new ElectricityMapsProvider().feed(b.baseUri(server.base("/v3")).zone("FR")
                        .token(Secret.of("t", "test")).build());
            case "watttime":
                return new WattTimeProvider().feed(b.baseUri(server.base("")).zone("CAISO_NORTH").username("u")
                        .password(Secret.of("p", "test")).build());
            case "ukgrid":
                return new UkGridProvider().feed(b.baseUri(server.base("")).build());
            default:
                return new CarbonAwareSdkProvider().feed(b.baseUri(server.base("")).zone("eastus").build());
        }
    }

    private LiveIntensity live(String id) {
        return new LiveIntensity(feed(id), FALLBACK, Double.NaN, Duration.ofMinutes(5), Duration.ofHours(6));
    }

    private LiveIntensity live(String id, Duration requestTimeout) {
        return new LiveIntensity(feed(id, requestTimeout), FALLBACK, Double.NaN, Duration.ofMinutes(5),
                Duration.ofHours(6));
    }

    private static void assertFallback(LiveIntensity live, String expectedInNote) {
        long now = System.currentTimeMillis();
        IntensityReading r = live.readingAt(now);
        assertEquals(56.039, r.gramsPerKwh(), 1e-9);
        assertEquals(56.039, live.gramsPerKwh(now), 1e-9);
        assertTrue(r.provenance().estimated());
        assertEquals("embedded", r.provenance().provider());
        assertTrue(r.provenance().note().contains(expectedInNote), r.provenance().note());
        assertTrue(live.lastError().orElseThrow().contains(expectedInNote), live.lastError().orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackAndNameTheCredentialWhenServiceAnswers401(String id, String path) {
        server.answer(path, 401, "{\"error\":\"unauthorized\"}");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "HTTP 401");
        assertTrue(live.lastError().orElseThrow().contains("check"));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldRefuseAnUntrustedCertificateWithoutSendingTheRequestAndSayHowToTrustIt(String id, String path)
            throws Exception {
        server.close();
        server = LoopbackServer.https(tmp);
        server.answer("/login", 200, "{\"token\":\"bearer-abc\"}");
        server.answer(path, 200, "{}");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "TLS handshake failed");
        assertTrue(live.lastError().orElseThrow().contains("javax.net.ssl.trustStore"), live.lastError().orElseThrow());
        // verification failed before any request, so no token or password went to the untrusted server
        assertTrue(server.requests.isEmpty(), server.requests.toString());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenServiceAnswers429(String id, String path) {
        server.answer(path, 429, "{\"error\":\"too many requests\"}");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "HTTP 429");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenServiceAnswers500(String id, String path) {
        server.answer(path, 500, "oops");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "HTTP 500");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenServiceIsSlowerThanRequestTimeout(String id, String path) {
        // the answer is held until the test ends, so only the client's 1 s request timeout can end the fetch
        CountDownLatch never = new CountDownLatch(1);
        server.answerHeld(path, never, "{}");
        LiveIntensity live = live(id, Duration.ofMillis(1000));
        assertFalse(live.refreshNow());
        assertEquals(1, never.getCount(), "the server never answered");
        assertFallback(live, "did not answer within 1000 ms");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenServiceStallsAfterItsHeaders(String id, String path) {
        // headers and half a body arrive at once; the rest is held until the test ends, so only a timeout
        // covering the whole answer (not just the headers) can end the fetch
        CountDownLatch never = new CountDownLatch(1);
        server.answerBodyHeld(path, never, "{\"pad\":\"" + "x".repeat(4096) + "\"}");
        LiveIntensity live = live(id, Duration.ofMillis(1000));
        // a guard only: without a whole-answer timeout the fetch never returns
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(30), live::refreshNow));
        assertEquals(1, never.getCount(), "the server never finished the body");
        assertFallback(live, "did not answer within 1000 ms");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenBodyIsNotJson(String id, String path) {
        server.answer(path, 200, "<html>maintenance</html>");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "not JSON");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWithoutBufferingItWhenTheBodyIsHuge(String id, String path) {
        // valid JSON, but beyond the client's limit: refused before it is parsed or kept
        String huge = "{\"pad\":\"" + "x".repeat(HttpJsonClient.MAX_BODY_BYTES) + "\"}";
        server.answer(path, 200, huge);
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "larger than");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenTheServiceIsDown(String id, String path) throws IOException {
        LiveIntensity live = live(id);
        server.close(); // nothing listens on the port any more: connection refused
        assertFalse(live.refreshNow());
        assertFallback(live, "127.0.0.1");
        assertFalse(live.lastError().orElseThrow().contains("null"), live.lastError().orElseThrow());
        server = new LoopbackServer(); // for @AfterEach
    }

    @ParameterizedTest
    @MethodSource("providers")
    void shouldFallBackWhenJsonHasWrongShape(String id, String path) {
        server.answer(path, 200, "{\"unexpected\":[1,2,3]}");
        LiveIntensity live = live(id);
        assertFalse(live.refreshNow());
        assertFallback(live, "documented shape");
    }

    @org.junit.jupiter.api.Test
    void shouldKeepLastGoodValueFlaggedWhenLaterFetchFails() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        server.answer("/v3/carbon-intensity/latest", 200, "{\"zone\":\"FR\",\"carbonIntensity\":40,\"datetime\":\""
                + hour + "\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false}");
        LiveIntensity live = live("electricitymaps");
        assertTrue(live.refreshNow());
        server.answer("/v3/carbon-intensity/latest", 503, "down");
        assertFalse(live.refreshNow());
        // the hour fetched has ended; the last good value stands in, flagged, naming the error
        IntensityReading r = live.readingAt(System.currentTimeMillis());
        assertEquals(40.0, r.gramsPerKwh(), 1e-9);
        assertEquals("electricitymaps", r.provenance().provider());
        assertTrue(r.provenance().estimated());
        assertTrue(r.provenance().note().contains("HTTP 503"), r.provenance().note());
        // past the staleness limit the embedded default answers
        long muchLater = System.currentTimeMillis() + Duration.ofHours(7).toMillis();
        assertEquals(56.039, live.gramsPerKwh(muchLater), 1e-9);
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerFallbackImmediatelyWhileFirstBackgroundFetchIsPending() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        server.answerHeld("/v3/carbon-intensity/latest", release, "{}");
        try (LiveIntensity live = live("electricitymaps").start()) {
            // the background fetch has reached the server, which holds it: the sampler's calls must not wait for it
            assertTrue(server.heldArrivals.tryAcquire(30, TimeUnit.SECONDS), "background fetch never started");
            double v = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> live.gramsPerKwh(System.currentTimeMillis()), "gramsPerKwh waited for the fetch");
            double pue = assertTimeoutPreemptively(Duration.ofSeconds(10), live::pue, "pue waited for the fetch");
            assertEquals(56.039, v, 1e-9);
            assertEquals(1.0, pue, 0);
            IntensityReading r = live.readingAt(System.currentTimeMillis());
            assertTrue(r.provenance().note().contains("no data fetched yet"), r.provenance().note());
            assertTrue(r.provenance().estimated());
            assertEquals(1, release.getCount(), "the fetch was still pending while the figure was read");
        } finally {
            release.countDown();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldReportTheConfiguredPueAlsoWhenTheFallbackAnswers() {
        server.answer("/v3/carbon-intensity/latest", 500, "oops");
        LiveIntensity live = new LiveIntensity(feed("electricitymaps"), CarbonIntensities.cloudRegion("aws:eu-west-3"),
                1.3, Duration.ofMinutes(5), Duration.ofHours(6));
        assertFalse(live.refreshNow());
        IntensityReading r = live.readingAt(System.currentTimeMillis());
        // the sampler multiplies by pue(); a report of the same time must show the same PUE, not the fallback's 1.135
        assertEquals(1.3, live.pue(), 0);
        assertEquals(1.3, r.pue(), 0);
        assertTrue(r.provenance().estimated());
    }
}
