package io.github.energy4j.platform.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a loopback HTTPS Redfish service with a self-signed certificate. */
class RedfishPowerSourceIT extends PowerSourceContract {

    @TempDir
    static Path certDir;
    static RedfishMockServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedfishMockServer.start(certDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetResources() throws Exception {
        server.resources.clear();
        server.delaysMillis.clear();
        server.bodyStallsMillis.clear();
        server.statuses.clear();
        server.sessionLocation = "/redfish/v1/SessionService/Sessions/1";
        server.withRackmountMockup();
    }

    @Override
    protected PowerSourceProvider provider() {
        return new RedfishPowerSourceProvider();
    }

    private static SourceContext ctx(Path dir, String password, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("redfish.url", server.url(),
                "redfish.user", RedfishMockServer.USER, "redfish.caFile", server.caPem.toString()));
        config.putAll(extra);
        config.values().removeIf(String::isEmpty);
        Map<String, String> env = new HashMap<>();
        if (password != null) {
            env.put("REDFISH_PASSWORD", password);
        }
        return new SourceContext(dir, dir, dir, config, env::get);
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        return ctx(dir, RedfishMockServer.PASSWORD, Map.of());
    }

    private static long readOnce(PowerSource s) {
        long[] v = new long[s.zones().size()];
        assertEquals(v.length, s.read(v));
        return v[0];
    }

    @Test
    void shouldProbeUnavailableWhenUrlIsNotSet() {
        Probe p = provider().probe(new SourceContext(tmp, tmp, tmp, Map.of(), k -> null));
        assertEquals("redfish.url not set", p.reason());
        assertTrue(p.remedy().contains("redfish.url"));
    }

    @Test
    void shouldReadEnvironmentMetricsOfTheNodeChassisOnlyWithSessionAuth() throws Exception {
        int loginsBefore = server.logins.get();
        int logoutsBefore = server.logouts.get();
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(1, s.zones().size(), "the GPU board is inside 1U and must not count twice");
            Zone z = s.zones().get(0);
            assertEquals("platform", z.name());
            assertEquals(Zone.Domain.PLATFORM, z.domain());
            assertTrue(z.device().endsWith("/redfish/v1/Chassis/1U"), z.device());
            assertEquals(374_500_000L, readOnce(s));
            assertEquals(loginsBefore + 1, server.logins.get());
        }
        assertEquals(logoutsBefore + 1, server.logouts.get(), "session deleted on close");
    }

    @Test
    void shouldLogInAgainWhenTheBmcEndsTheSession() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.interval", "100ms")))) {
            assertEquals(374_500_000L, readOnce(s));
            int logins = server.logins.get();
            server.expireSessions();
            server.serve("/redfish/v1/Chassis/1U/EnvironmentMetrics", "environment-metrics-gpu.json");
            assertEquals(120_000_000L, readUntil(s, v -> v == 120_000_000L), "reading continues with a new session");
            assertEquals(logins + 1, server.logins.get(), "logged in again, once");
        }
    }

    @Test
    void shouldReadSelectedChassisWithBasicAuth() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD,
                Map.of("redfish.auth", "basic", "redfish.chassis", "GPUBoard")))) {
            assertEquals(120_000_000L, readOnce(s));
        }
    }

    @Test
    void shouldFallBackToPowerControlWhenEnvironmentMetricsHasNoReading() throws Exception {
        server.serve("/redfish/v1/Chassis/1U/EnvironmentMetrics", "environment-metrics-no-power.json");
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(344_000_000L, readOnce(s));
        }
    }

    @Test
    void shouldFallBackToPowerControlWhenEnvironmentMetricsIsMissing() throws Exception {
        server.resources.remove("/redfish/v1/Chassis/1U/EnvironmentMetrics");
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(344_000_000L, readOnce(s));
        }
    }

    @Test
    void shouldSumTheInputPowerOfSuppliesInServiceWhenEnvironmentMetricsHasNoReading() throws Exception {
        server.withPowerSubsystem();
        server.serve("/redfish/v1/Chassis/1U/EnvironmentMetrics", "environment-metrics-no-power.json");
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(383_750_000L, readOnce(s), "bay 1 + bay 2 input power, empty bay 3 skipped, before Power");
        }
    }

    @Test
    void shouldReadAChassisThatOffersOnlyAPowerSubsystem() throws Exception {
        server.withPowerSubsystem();
        server.resources.put("/redfish/v1/Chassis/1U", ("{\"@odata.id\":\"/redfish/v1/Chassis/1U\",\"Id\":\"1U\","
                + "\"ChassisType\":\"RackMount\",\"PowerSubsystem\":{\"@odata.id\":"
                + "\"/redfish/v1/Chassis/1U/PowerSubsystem\"}}").getBytes(StandardCharsets.UTF_8));
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(1, s.zones().size());
            assertEquals(383_750_000L, readOnce(s));
        }
    }

    @Test
    void shouldNotUnderReportWhenASupplyInServiceHasNoReadingAndFallBackToPowerControl() throws Exception {
        server.withPowerSubsystem();
        server.serve("/redfish/v1/Chassis/1U/EnvironmentMetrics", "environment-metrics-no-power.json");
        server.resources.put("/redfish/v1/Chassis/1U/PowerSubsystem/PowerSupplies/Bay2/Metrics",
                "{\"InputPowerWatts\":{\"Reading\":null}}".getBytes(StandardCharsets.UTF_8));
        try (PowerSource s = provider().open(availableHost(tmp))) {
            assertEquals(344_000_000L, readOnce(s), "not bay 1 alone (196.5 W): the chassis' PowerConsumedWatts");
        }
    }

    @Test
    void shouldSendRequestsOnlyToTheConfiguredServiceWhenTheBmcLinksAnotherHost() throws Exception {
        // 203.0.113.0/24 is TEST-NET-3: following the links would hang or fail, and would hand the token away.
        server.resources.put("/redfish/v1/Chassis", ("{\"Members\":[{\"@odata.id\":"
                + "\"https://203.0.113.9/redfish/v1/Chassis/1U\"}]}").getBytes(StandardCharsets.UTF_8));
        server.sessionLocation = "https://203.0.113.9:8443/redfish/v1/SessionService/Sessions/1";
        int logoutsBefore = server.logouts.get();
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "2s")))) {
            assertEquals(374_500_000L, readOnce(s));
        }
        assertEquals(logoutsBefore + 1, server.logouts.get(), "the session is deleted on the configured service");
    }

    @Test
    void shouldRefuseCredentialsInTheUrlWithoutRepeatingThem() {
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD,
                Map.of("redfish.url", server.url().replace("https://", "https://admin:T0pSecret@"))));
        assertFalse(p.available());
        assertTrue(p.reason().contains("must not contain a user or password"), p.reason());
        assertFalse(p.reason().contains("T0pSecret") || p.remedy().contains("T0pSecret"), p.reason());
    }

    @Test
    void shouldRefuseAPasswordInTheConfigurationWithoutRepeatingIt() {
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.password", "T0pSecret")));
        assertFalse(p.available());
        assertTrue(p.reason().contains("REDFISH_PASSWORD"), p.reason());
        assertFalse(p.reason().contains("T0pSecret") || p.remedy().contains("T0pSecret"), p.reason());
    }

    @Test
    void shouldRefusePlainHttpUnlessInsecureIsSet() {
        String http = server.url().replace("https://", "http://");
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.url", http)));
        assertFalse(p.available());
        assertTrue(p.reason().contains("unencrypted"), p.reason());
        Probe insecure = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.url", http,
                "redfish.insecure", "true", "redfish.timeout", "1s")));
        assertFalse(insecure.reason().contains("unencrypted"), "allowed when asked for: " + insecure.reason());
    }

    @Test
    void shouldRejectUntrustedCertificateByDefault() {
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.caFile", "")));
        assertFalse(p.available());
        assertTrue(p.reason().contains("TLS"), p.reason());
        assertTrue(p.remedy().contains("redfish.caFile"), p.remedy());
    }

    @Test
    void shouldSkipVerificationOnlyWhenInsecureIsSetExplicitly() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD,
                Map.of("redfish.caFile", "", "redfish.insecure", "true")))) {
            assertEquals(374_500_000L, readOnce(s));
        }
    }

    @Test
    void shouldReportAuthenticationFailureWithRemedyAndWithoutThePassword() {
        EnergySourceException e = assertThrows(EnergySourceException.class,
                () -> provider().open(ctx(tmp, "not-the-password", Map.of())));
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, e.reason());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertTrue(e.remedy().contains("REDFISH_PASSWORD"), e.remedy());
        assertFalse(e.getMessage().contains("not-the-password"));
    }

    @Test
    void shouldProbeUnavailableNamingTheStatusWhenTheServiceAnswers500Or429() {
        for (int status : new int[] {500, 429}) {
            server.statuses.put("/redfish/v1/Chassis", status);
            Probe p = provider().probe(availableHost(tmp));
            assertFalse(p.available(), "status " + status);
            assertTrue(p.reason().contains(Integer.toString(status)), p.reason());
            assertFalse(p.reason().contains(RedfishMockServer.PASSWORD), p.reason());
        }
    }

    @Test
    void shouldTurnUnavailableWithTheStatusWhileTheBmcAnswers429Or500AfterOpenAndRecover() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "2s",
                "redfish.interval", "100ms", "redfish.staleness", "800ms")))) {
            assertEquals(374_500_000L, readOnce(s));
            for (int status : new int[] {429, 500}) {
                server.statuses.put("/redfish/v1/Chassis/1U/EnvironmentMetrics", status);
                server.statuses.put("/redfish/v1/Chassis/1U/Power", status);
                assertEquals(PowerSource.UNAVAILABLE, readUntil(s, v -> v == PowerSource.UNAVAILABLE), "status " + status);
                long deadline = System.nanoTime() + 10_000_000_000L; // guard only
                while (!s.lastError().contains(Integer.toString(status)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(s.lastError().contains(Integer.toString(status)), s.lastError());
                server.statuses.clear();
                assertEquals(374_500_000L, readUntil(s, x -> x == 374_500_000L), "recovered after " + status);
            }
        }
    }

    @Test
    void shouldFailOpenOnMalformedJson() {
        server.resources.put("/redfish/v1/Chassis", "{\"Members\": [ {\"@odata.id\": ".getBytes(StandardCharsets.UTF_8));
        Probe p = provider().probe(availableHost(tmp));
        assertFalse(p.available());
        assertTrue(p.reason().startsWith("Redfish at https://127.0.0.1"), p.reason());
    }

    @Test
    void shouldTimeOutWhenTheServiceDoesNotAnswer() {
        server.delaysMillis.put("/redfish/v1/Chassis", 3_000L);
        long t0 = System.nanoTime();
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "400ms")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.available());
        assertTrue(p.reason().contains("timed out"), p.reason());
        assertTrue(ms < 2_500, "took " + ms + " ms");
    }

    @Test
    void shouldTimeOutWhenTheServiceSendsHeadersAndThenStallsInTheBody() {
        server.bodyStallsMillis.put("/redfish/v1/Chassis", 4_000L);
        long t0 = System.nanoTime();
        Probe p = provider().probe(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "400ms")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.available());
        assertTrue(p.reason().contains("timed out"), p.reason());
        assertTrue(ms < 3_000, "took " + ms + " ms: the timeout must cover the body, not only the headers");
    }

    @Test
    void shouldTurnUnavailableOnAHugeOrMalformedAnswerAfterOpenAndRecover() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "2s",
                "redfish.interval", "100ms", "redfish.staleness", "800ms")))) {
            assertEquals(374_500_000L, readOnce(s));
            byte[] good = server.resources.get("/redfish/v1/Chassis/1U/EnvironmentMetrics");
            byte[] power = server.resources.remove("/redfish/v1/Chassis/1U/Power");
            String huge = "{\"PowerWatts\":{\"Reading\":1},\"Pad\":\"" + "x".repeat(RedfishClient.MAX_BODY_BYTES) + "\"}";
            server.resources.put("/redfish/v1/Chassis/1U/EnvironmentMetrics", huge.getBytes(StandardCharsets.UTF_8));
            assertEquals(PowerSource.UNAVAILABLE, readUntil(s, v -> v == PowerSource.UNAVAILABLE));
            assertFalse(s.lastError().isEmpty(), "an unavailable reading always has a reason");
            long deadline = System.nanoTime() + 10_000_000_000L; // guard only: the failure may land after staleness
            while (!s.lastError().contains("larger than") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(s.lastError().contains("larger than"), s.lastError());

            server.resources.put("/redfish/v1/Chassis/1U/EnvironmentMetrics",
                    "{\"PowerWatts\":{\"Reading\":1e999}}".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(300);
            long v = readOnce(s);
            assertTrue(v == PowerSource.UNAVAILABLE, "an infinite wattage is not a reading: " + v);

            server.resources.put("/redfish/v1/Chassis/1U/EnvironmentMetrics", good);
            server.resources.put("/redfish/v1/Chassis/1U/Power", power);
            assertEquals(374_500_000L, readUntil(s, x -> x == 374_500_000L), "recovered without a restart");
        }
    }

    private static long readUntil(PowerSource s, java.util.function.LongPredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L; // guard only
        long v = readOnce(s);
        while (!done.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = readOnce(s);
        }
        return v;
    }

    @Test
    void shouldNeverBlockReadsAndTurnUnavailableWhenTheServiceStallsAfterOpen() throws Exception {
        try (PowerSource s = provider().open(ctx(tmp, RedfishMockServer.PASSWORD, Map.of("redfish.timeout", "300ms",
                "redfish.interval", "100ms", "redfish.staleness", "800ms")))) {
            assertEquals(374_500_000L, readOnce(s));
            server.delaysMillis.put("/redfish/v1/Chassis/1U/EnvironmentMetrics", 2_000L);
            server.resources.remove("/redfish/v1/Chassis/1U/Power");
            long deadline = System.nanoTime() + 5_000_000_000L;
            long slowest = 0;
            long v = 0;
            while (v != PowerSource.UNAVAILABLE && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                v = readOnce(s);
                slowest = Math.max(slowest, System.nanoTime() - t0);
                Thread.sleep(20);
            }
            assertEquals(PowerSource.UNAVAILABLE, v);
            assertTrue(slowest < 50_000_000L, "read() blocked " + slowest / 1_000_000 + " ms");
            assertTrue(s.lastError().contains("timed out"), s.lastError());
        }
    }
}
