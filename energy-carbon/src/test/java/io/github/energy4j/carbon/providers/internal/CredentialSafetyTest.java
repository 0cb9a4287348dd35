package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens and passwords stay out of errors, provenance notes and logs, and never leave for another host. */
class CredentialSafetyTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ProviderConfig.Builder electricityMaps(LoopbackServer s, Map<String, String> env) {
        return ProviderConfig.fromEnvironment("electricitymaps", env).baseUri(s.base("/v3")).zone("FR")
                .requestTimeout(Duration.ofSeconds(20)).connectTimeout(Duration.ofSeconds(20));
    }

    private static LiveIntensity live(IntensityFeed feed) {
        return new LiveIntensity(feed, CarbonIntensities.country("FR"), Double.NaN, Duration.ofMinutes(5),
                Duration.ofHours(6));
    }

    /** Runs {@code r} with System.err (where slf4j-simple writes) captured, and returns what was written. */
    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void assertNowhere(String secret, LiveIntensity live, String log) {
        String error = live.lastError().orElseThrow();
        IntensityReading r = live.readingAt(System.currentTimeMillis());
        assertFalse(error.contains(secret), error);
        assertFalse(r.provenance().note().contains(secret), r.provenance().note());
        assertFalse(r.provenance().toString().contains(secret), r.provenance().toString());
        assertFalse(log.contains(secret), log);
        assertTrue(r.provenance().estimated());
        assertEquals(56.039, r.gramsPerKwh(), 1e-9, "the embedded figure stands in");
    }

    @Test
    void shouldNeverQuoteATokenWithAForbiddenCharacterInErrorsNotesOrLogs() {
        // a control character pasted into the variable: the JDK's own error would quote the whole value
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "s3cret\u0001token-value-42");
        LiveIntensity live = live(new ElectricityMapsProvider().feed(electricityMaps(server, env).build()));
        String log = stderrOf(() -> assertFalse(live.refreshNow()));
        assertNowhere("token-value-42", live, log);
        String error = live.lastError().orElseThrow();
        assertTrue(error.contains("auth-token header") && error.contains("ENERGY4J_ELECTRICITYMAPS_TOKEN"), error);
        assertTrue(log.contains("WARN") && log.contains("electricitymaps"), "first failure logged at WARN: " + log);
        assertTrue(server.requests.isEmpty(), "nothing was sent");
    }

    @Test
    void shouldNeverQuoteAWattTimeBearerTokenThatHoldsALineBreak() {
        server.answer("/login", 200, "{\"token\":\"eyJhbGciOi\\nJIUzI1NiJ9-bearer-part\"}");
        IntensityFeed feed = new WattTimeProvider().feed(ProviderConfig.builder().baseUri(server.base(""))
                .zone("CAISO_NORTH").username("alice").password(Secret.of("correct-horse-battery", "test"))
                .requestTimeout(Duration.ofSeconds(20)).build());
        LiveIntensity live = live(feed);
        String log = stderrOf(() -> assertFalse(live.refreshNow()));
        assertNowhere("bearer-part", live, log);
        assertNowhere("correct-horse-battery", live, log);
        assertTrue(live.lastError().orElseThrow().contains("Authorization header"), live.lastError().orElseThrow());
    }

    @Test
    void shouldRefuseToSendATokenOverPlainHttpBeyondLoopback() throws Exception {
        {
            // refused before any look-up or connection: the host does not even resolve
            java.net.URI base = java.net.URI.create("http://energy4j-test.invalid/v3");
            Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "tok-plain-http-99");
            LiveIntensity live = live(new ElectricityMapsProvider().feed(ProviderConfig.fromEnvironment(
                    "electricitymaps", env).baseUri(base).zone("FR").requestTimeout(Duration.ofSeconds(5)).build()));
            assertFalse(live.refreshNow());
            String error = live.lastError().orElseThrow();
            assertTrue(error.contains("refusing to send credentials over plain http://"), error);
            assertFalse(error.contains("tok-plain-http-99"), error);
        }
        // loopback stays allowed: the bytes never leave the host (the other tests here rely on it)
        assertTrue(io.github.energy4j.http.Cleartext.credentialsSafe(server.base("/v3")));
        assertFalse(io.github.energy4j.http.Cleartext.credentialsSafe(java.net.URI.create("http://10.0.0.5/x")));
        assertTrue(io.github.energy4j.http.Cleartext.credentialsSafe(java.net.URI.create("https://10.0.0.5/x")));
    }

    @Test
    void shouldNotFollowARedirectSoTheTokenNeverReachesAnotherServer() throws IOException {
        try (LoopbackServer other = new LoopbackServer()) {
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            other.answer("/v3/carbon-intensity/latest", 200, "{\"zone\":\"FR\",\"carbonIntensity\":40,\"datetime\":\""
                    + hour + "\"}");
            server.redirect("/v3/carbon-intensity/latest", 307, other.base("/v3/carbon-intensity/latest") + "?zone=FR");
            Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "tok-must-stay-home-7");
            LiveIntensity live = live(new ElectricityMapsProvider().feed(electricityMaps(server, env).build()));
            assertFalse(live.refreshNow());
            assertTrue(other.requests.isEmpty(), "the redirect target was contacted: " + other.requests);
            String error = live.lastError().orElseThrow();
            assertTrue(error.contains("HTTP 307") && error.contains("redirected to "
                    + other.base("/v3/carbon-intensity/latest")), error);
            assertFalse(error.contains("zone=FR"), "query left out: " + error);
        }
    }

    @Test
    void shouldMaskATokenThatTheServiceEchoesInAnErrorBody() {
        String token = "tok-echoed-back-123456";
        server.answer("/v3/carbon-intensity/latest", 400,
                "{\"error\":\"zone XX is not covered by the plan of token " + token + "\"}");
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", token);
        LiveIntensity live = live(new ElectricityMapsProvider().feed(electricityMaps(server, env).build()));
        String log = stderrOf(() -> assertFalse(live.refreshNow()));
        assertNowhere(token, live, log);
        String error = live.lastError().orElseThrow();
        assertTrue(error.contains("HTTP 400") && error.contains("not covered by the plan of token ****"), error);
        assertEquals(token, server.last().headers().getFirst("auth-token"), "the token itself was sent");
    }

    @Test
    void shouldLeaveShortValuesUnmaskedSoMessagesStayReadable() {
        assertEquals("see the latest token", HttpJsonClient.mask("see the latest token", "auth-token", "t"));
        assertEquals("bad **** here", HttpJsonClient.mask("bad abcdefgh12 here", "Authorization", "Bearer abcdefgh12"));
    }
}
