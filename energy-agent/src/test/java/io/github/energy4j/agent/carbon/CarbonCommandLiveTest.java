package io.github.energy4j.agent.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.agent.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code energy4j carbon} against live providers served from loopback: the figure valid now and its provenance. */
class CarbonCommandLiveTest {

    private LoopbackServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(Map<String, String> env, String... args) {
        List<String> line = new ArrayList<>(List.of("carbon"));
        line.addAll(List.of(args));
        return Main.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTheLiveElectricityMapsFigureForTheCountryWithItsProvenanceAndNotTheToken() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        server.answer("/v3/carbon-intensity/latest", 200, "{\"zone\":\"DE\",\"carbonIntensity\":321.5,\"datetime\":\""
                + hour + "\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false,\"estimationMethod\":null}");
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "cli-token-abcdef",
                "ENERGY4J_ELECTRICITYMAPS_URL", server.base("/v3").toString());
        assertEquals(0, run(env, "--country", "DEU", "--provider", "electricitymaps", "--format", "json"),
                err.toString(StandardCharsets.UTF_8));
        String o = out();
        assertTrue(o.contains("\"zone\":\"DE\",\"gramsPerKwh\":321.5"), o);
        assertTrue(o.contains("\"provider\":\"electricitymaps\",\"basis\":\"average\",\"scope\":\"lifecycle\""), o);
        assertTrue(o.contains("\"datasetYear\":null,\"estimated\":false"), o);
        assertFalse(o.contains("cli-token-abcdef"), o);
        // the alpha-3 country became Electricity Maps' alpha-2 zone
        assertEquals("zone=DE", server.last().query());
        assertEquals("cli-token-abcdef", server.last().headers().getFirst("auth-token"));
    }

    @Test
    void shouldFindTheGreenestTwoHourWindowInTheElectricityMapsForecast() {
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        StringBuilder f = new StringBuilder("{\"zone\":\"DE\",\"forecast\":[");
        double[] g = {400, 380, 350, 120, 100, 300, 420, 410};
        for (int i = 0; i < g.length; i++) {
            f.append(i > 0 ? "," : "").append("{\"carbonIntensity\":").append(g[i]).append(",\"datetime\":\"")
                    .append(h.plus(i, ChronoUnit.HOURS)).append("\"}");
        }
        server.answer("/v3/carbon-intensity/forecast", 200, f.append("]}").toString());
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "t",
                "ENERGY4J_ELECTRICITYMAPS_URL", server.base("/v3").toString());
        assertEquals(0, run(env, "--best-window", "--duration", "2h", "--within", "12h", "--country", "DE", "--provider",
                "electricitymaps", "--format", "json"), err.toString(StandardCharsets.UTF_8));
        String o = out();
        // hours 3 and 4 (120 and 100 g/kWh) are the cheapest two
        assertTrue(o.contains("\"start\":\"" + h.plus(3, ChronoUnit.HOURS) + "\""), o);
        assertTrue(o.contains("\"averageGramsPerKwh\":110.0"), o);
        assertTrue(o.contains("\"provider\":\"electricitymaps\""), o);
        assertEquals("zone=DE", server.last().query());
    }

    @Test
    void shouldPrintTheGbRegionalFigureAsATableFlaggedAsAForecast() {
        Instant half = Instant.now().truncatedTo(ChronoUnit.HOURS);
        if (Instant.now().isAfter(half.plusSeconds(1800))) {
            half = half.plusSeconds(1800);
        }
        // the API's minute format; the next half hour too, so a run across the boundary still finds its bucket
        String t0 = half.toString().replace(":00Z", "Z");
        String t1 = half.plusSeconds(1800).toString().replace(":00Z", "Z");
        String t2 = half.plusSeconds(3600).toString().replace(":00Z", "Z");
        server.answer("/regional/regionid/13", 200, "{\"data\":[{\"regionid\":13,\"dnoregion\":\"UKPN London\","
                + "\"shortname\":\"London\",\"data\":["
                + "{\"from\":\"" + t0 + "\",\"to\":\"" + t1 + "\",\"intensity\":{\"forecast\":187,\"index\":\"moderate\"},"
                + "\"generationmix\":[]},"
                + "{\"from\":\"" + t1 + "\",\"to\":\"" + t2 + "\",\"intensity\":{\"forecast\":187,\"index\":\"moderate\"},"
                + "\"generationmix\":[]}]}]}");
        Map<String, String> env = Map.of("ENERGY4J_UKGRID_URL", server.base("").toString());
        assertEquals(0, run(env, "--provider", "ukgrid", "--zone", "13"), err.toString(StandardCharsets.UTF_8));
        String o = out();
        assertTrue(o.contains("187.000 g CO2e/kWh"), o);
        assertTrue(o.contains("GB-region-13 (London)"), o);
        // regional figures are only ever forecasts, and say so
        assertTrue(o.contains("ukgrid") && o.contains("estimated  yes"), o);
        assertTrue(o.contains("forecast"), o);
        assertTrue(o.contains("CC BY 4.0"), "the API's licence is named in the source line: " + o);
    }

    /** A loopback HTTP server answering canned JSON per path, recording the last request. */
    private static final class LoopbackServer implements AutoCloseable {

        record Request(String path, String query, Headers headers) {
        }

        private final HttpServer server;
        private final Map<String, String> answers = new ConcurrentHashMap<>();
        private volatile Request last;

        LoopbackServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                URI uri = exchange.getRequestURI();
                last = new Request(uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders());
                String answer = answers.get(uri.getPath());
                byte[] body = (answer == null ? "{\"error\":\"no route\"}" : answer).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            });
            server.start();
        }

        void answer(String path, int status, String body) {
            if (status != 200) {
                throw new IllegalArgumentException("only 200 answers here");
            }
            answers.put(path, body);
        }

        URI base(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        Request last() {
            return last;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
