package io.github.energy4j.internal.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.internal.prometheus.PrometheusClient.Sample;
import io.github.energy4j.internal.prometheus.PrometheusClient.Series;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback server answering in the documented shapes of the Prometheus HTTP API
 * (prometheus.io/docs/prometheus/latest/querying/api/).
 */
class PrometheusClientTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private String serve(int status, String body) throws IOException {
        return serve(status, body.getBytes(StandardCharsets.UTF_8), 0);
    }

    private String serve(int status, byte[] body, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getRawPath() + "?" + URLDecoder.decode(ex.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            } catch (IOException gone) {
                // the client gave up first
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldReadAnInstantVectorWithLabelsTimesAndSpecialValues() throws IOException {
        String base = serve(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                 {"metric":{"__name__":"up","job":"a"},"value":[1700000000.123,"1"]},
                 {"metric":{"job":"b"},"value":[1700000000.123,"NaN"]},
                 {"metric":{},"value":[1700000000.123,"+Inf"]},
                 {"metric":{},"value":[1700000000.123,"-Inf"]}]},"warnings":["ignored"]}
                """);
        List<Sample> s = new PrometheusClient(base + "/prefix/", Duration.ofSeconds(5))
                .query("up{job=~\"a|b\"}", Instant.ofEpochMilli(1_700_000_000_500L));
        assertEquals("/prefix/api/v1/query?query=up{job=~\"a|b\"}&time=1700000000.500", requests.get(0));
        assertEquals(4, s.size());
        assertEquals(Map.of("__name__", "up", "job", "a"), s.get(0).labels());
        assertEquals(1_700_000_000_123L, s.get(0).timeMillis());
        assertEquals(1.0, s.get(0).value());
        assertTrue(Double.isNaN(s.get(1).value()));
        assertEquals(Double.POSITIVE_INFINITY, s.get(2).value());
        assertEquals(Double.NEGATIVE_INFINITY, s.get(3).value());
    }

    @Test
    void shouldReadAScalarAsOneUnlabelledSample() throws IOException {
        String base = serve(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"2.5\"]}}");
        List<Sample> s = new PrometheusClient(base, Duration.ofSeconds(5)).query("2.5", Instant.EPOCH);
        assertEquals(List.of(new Sample(Map.of(), 1_700_000_000_000L, 2.5)), s);
    }

    @Test
    void shouldReadTheSeriesOfARangeQuery() throws IOException {
        String base = serve(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","UUID":"GPU-1","gpu":"0"},
                  "values":[[1700000000.5,"42"],[1700000001,"NaN"],[1700000002,"+Inf"]]},
                 {"metric":{"UUID":"GPU-2"},"values":[]}]}}
                """);
        List<Series> s = new PrometheusClient(base, Duration.ofSeconds(5)).queryRange("DCGM_FI_DEV_GPU_UTIL",
                Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_060), Duration.ofMillis(1500));
        assertEquals("/api/v1/query_range?query=DCGM_FI_DEV_GPU_UTIL&start=1700000000.000&end=1700000060.000"
                + "&step=1.500", requests.get(0));
        assertEquals(2, s.size());
        assertEquals("GPU-1", s.get(0).labels().get("UUID"));
        assertArrayEquals(new long[] {1_700_000_000_500L, 1_700_000_001_000L, 1_700_000_002_000L},
                s.get(0).timesMillis());
        assertEquals(42.0, s.get(0).values()[0]);
        assertTrue(Double.isNaN(s.get(0).values()[1]));
        assertEquals(Double.POSITIVE_INFINITY, s.get(0).values()[2]);
        assertEquals(0, s.get(1).values().length);
    }

    @Test
    void shouldReportAnErrorAnswerWithItsTypeAndReason() throws IOException {
        String base = serve(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}");
        IOException e = assertThrows(IOException.class,
                () -> new PrometheusClient(base, Duration.ofSeconds(5)).query("rate(", Instant.EPOCH));
        assertEquals("Prometheus rejected 'rate(' (HTTP 400, bad_data): parse error at char 4", e.getMessage());
    }

    @Test
    void shouldSayWhenTheAnswerIsNoPrometheusAnswerOrNotTheExpectedResultType() throws IOException {
        String base = serve(200, "<html>login</html>");
        IOException e = assertThrows(IOException.class,
                () -> new PrometheusClient(base, Duration.ofSeconds(5)).query("up", Instant.EPOCH));
        assertTrue(e.getMessage().startsWith("Prometheus answered HTTP 200 with no JSON (invalid JSON at line 1, "
                + "column 1 (offset 0)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("is the URL the Prometheus base URL?"), e.getMessage());

        Object vector = PrometheusClient.data(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                .getBytes(StandardCharsets.UTF_8), "up");
        assertTrue(assertThrows(IOException.class, () -> PrometheusClient.series(vector)).getMessage()
                .contains("resultType is vector, not matrix"));
        Object matrix = PrometheusClient.data(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
                .getBytes(StandardCharsets.UTF_8), "up");
        assertTrue(assertThrows(IOException.class, () -> PrometheusClient.samples(matrix)).getMessage()
                .contains("got resultType 'matrix'"));
        IOException notFound = assertThrows(IOException.class, () -> PrometheusClient.data(404,
                "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8), "up"));
        assertTrue(notFound.getMessage().contains("HTTP 404"), notFound.getMessage());
    }

    @Test
    void shouldRefuseSamplesNotShapedAsTimeAndStringValue() throws IOException {
        for (String result : new String[] {"[{\"metric\":{},\"value\":[1,2]}]", "[{\"metric\":{},\"value\":[1]}]",
                "[{\"metric\":{},\"value\":[1,\"x\"]}]", "[{\"metric\":{}}]", "[3]"}) {
            Object data = PrometheusClient.data(200, ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                    + "\"result\":" + result + "}}").getBytes(StandardCharsets.UTF_8), "up");
            assertThrows(Exception.class, () -> PrometheusClient.samples(data), result);
        }
        Object histogram = PrometheusClient.data(200, ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                + "\"result\":[{\"metric\":{},\"histogram\":[1,{\"count\":\"2\"}]}]}}").getBytes(StandardCharsets.UTF_8), "h");
        assertTrue(assertThrows(IOException.class, () -> PrometheusClient.samples(histogram)).getMessage()
                .contains("native histogram"));
        // through the client, shape errors are IOExceptions too
        String base = serve(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}");
        IOException e = assertThrows(IOException.class,
                () -> new PrometheusClient(base, Duration.ofSeconds(5)).query("up", Instant.EPOCH));
        assertEquals("Prometheus answer to 'up' is not in the documented shape: 'result' is an object, expected an "
                + "array", e.getMessage());
    }

    @Test
    void shouldSayUnreachableWhenNothingListens() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> new PrometheusClient("http://127.0.0.1:" + closed,
                Duration.ofSeconds(2)).query("up", Instant.EPOCH));
        assertTrue(e.getMessage().startsWith("Prometheus at http://127.0.0.1:" + closed + " unreachable"),
                e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void shouldGiveUpOnASlowAnswerWithinTheTimeout() throws IOException {
        String base = serve(200, "{}".getBytes(StandardCharsets.UTF_8), 3000);
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> new PrometheusClient(base, Duration.ofMillis(300)).query("up", Instant.EPOCH));
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "waited for the slow answer");
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    }

    @Test
    void shouldStopOnInterruptAndKeepTheInterruptFlag() throws IOException {
        String base = serve(200, "{}".getBytes(StandardCharsets.UTF_8), 3000);
        PrometheusClient c = new PrometheusClient(base, Duration.ofSeconds(10));
        Thread.currentThread().interrupt();
        try {
            long t0 = System.nanoTime();
            assertThrows(java.io.InterruptedIOException.class, () -> c.query("up", Instant.EPOCH));
            assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "waited for the slow answer");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheLimit() throws IOException {
        byte[] big = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]},\"pad\":\""
                + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String base = serve(200, big, 0);
        IOException e = assertThrows(IOException.class,
                () -> new PrometheusClient(base, Duration.ofSeconds(5), 4096).query("up", Instant.EPOCH));
        assertTrue(e.getMessage().contains("larger than 4096 bytes"), e.getMessage());
        assertEquals(0, new PrometheusClient(base, Duration.ofSeconds(5), big.length).query("up", Instant.EPOCH)
                .size());
    }

    @Test
    void shouldRefuseAUrlThatIsNotHttp() {
        for (String bad : new String[] {"ftp://x", "prometheus:9090", "http://", "http://h:9090/?q=1", "::"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PrometheusClient(bad, Duration.ofSeconds(1)), bad);
            assertTrue(e.getMessage().contains("must be an http(s) URL"), e.getMessage());
        }
        assertEquals("https://h:9090/prom", new PrometheusClient(" https://h:9090/prom/ ", Duration.ofSeconds(1))
                .base().toString());
    }
}
