package io.github.energy4j.agent.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.agent.Main;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.internal.json.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extender on loopback with request bodies in the shape kube-scheduler sends: {@code ExtenderArgs} with a
 * core/v1 {@code NodeList} as the API server serialises it (or {@code NodeNames} when nodeCacheCapable).
 */
class SchedulerExtenderTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    /** A Node as {@code kubectl get node -o json} prints it, trimmed to what matters plus some noise. */
    static String node(String name, String regionLabel, String providerId) {
        StringBuilder labels = new StringBuilder("\"kubernetes.io/hostname\":\"" + name + "\"");
        if (regionLabel != null) {
            labels.append(",\"topology.kubernetes.io/region\":\"").append(regionLabel).append('"');
        }
        return "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"9d1f-" + name
                + "\",\"resourceVersion\":\"4711\",\"labels\":{" + labels + "}},"
                + "\"spec\":{" + (providerId == null ? "" : "\"providerID\":\"" + providerId + "\"") + "},"
                + "\"status\":{\"capacity\":{\"cpu\":\"8\",\"memory\":\"32863084Ki\"},"
                + "\"allocatable\":{\"cpu\":\"7910m\",\"memory\":\"29717356Ki\"},\"nodeInfo\":{\"kubeletVersion\":\"v1.31.2\"}}}";
    }

    static String args(String... nodes) {
        return "{\"Pod\":{\"metadata\":{\"name\":\"batch-1\",\"namespace\":\"jobs\",\"uid\":\"p-1\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox\","
                + "\"resources\":{\"requests\":{\"cpu\":\"500m\"}}}]}},"
                + "\"Nodes\":{\"metadata\":{\"resourceVersion\":\"4711\"},\"items\":[" + String.join(",", nodes) + "]},"
                + "\"NodeNames\":null}";
    }

    // gcp europe-north1 (Finland) 127 g/kWh x 1.09; Alibaba Zhangjiakou (Hebei, MEE 2022) 725.2 x 1.2
    static final String GREEN = node("green-1", "europe-north1", "gce://proj/europe-north1-a/green-1");
    static final String GREY = node("grey-1", null, "cn-zhangjiakou.i-8vb0abcdef");
    static final String GREY2 = node("grey-2", "ap-south-1", "aws:///ap-south-1b/i-0abc");

    private SchedulerExtenderCommand.Running start(String... flags) throws Exception {
        List<String> a = new ArrayList<>(List.of("--listen", "127.0.0.1:0"));
        a.addAll(List.of(flags));
        return SchedulerExtenderCommand.start(a, Map.of(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(int port, String verb, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/scheduler/" + verb))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> scores(String body) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Object o : (List<Object>) JsonTree.parse(body.getBytes(StandardCharsets.UTF_8))) {
            out.put((String) JsonTree.member(o, "Host"), ((java.math.BigDecimal) JsonTree.member(o, "Score")).longValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> keptNodes(Object result) {
        List<String> out = new ArrayList<>();
        for (Object n : (List<Object>) JsonTree.path(result, "Nodes", "items")) {
            out.add(JsonTree.string(n, "", "metadata", "name"));
        }
        return out;
    }

    @Test
    void shouldScoreANodeInAGreenRegionAboveOneInAGreyRegion() throws Exception {
        try (SchedulerExtenderCommand.Running r = start()) {
            HttpResponse<String> resp = post(r.port(), "prioritize", args(GREY, GREEN));
            assertEquals(200, resp.statusCode(), resp.body());
            Map<String, Long> s = scores(resp.body());
            assertEquals(List.of("grey-1", "green-1"), List.copyOf(s.keySet()));
            // carbon only: green = 10; grey = round(10 * (127*1.09 + 1) / (725.2*1.2 + 1)) = round(1.60) = 2
            assertEquals(10L, s.get("green-1"));
            assertEquals(2L, s.get("grey-1"));
        }
    }

    @Test
    void shouldFilterTheGreyNodeOutOfATwoNodeRequestWithMaxIntensity400() throws Exception {
        try (SchedulerExtenderCommand.Running r = start("--max-intensity", "400")) {
            HttpResponse<String> resp = post(r.port(), "filter", args(GREEN, GREY));
            assertEquals(200, resp.statusCode(), resp.body());
            Object result = JsonTree.parse(resp.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("green-1"), keptNodes(result));
            String why = JsonTree.string(result, "", "FailedAndUnresolvableNodes", "grey-1");
            assertTrue(why.contains("870.2 g/kWh") && why.contains("alibaba:cn-zhangjiakou"), why);
            assertEquals(Map.of(), JsonTree.member(result, "FailedNodes"));
            assertEquals("", JsonTree.member(result, "Error"));
            assertEquals(JsonTree.NULL, JsonTree.member(result, "NodeNames"));
            // the kept node goes back as it came, status and all
            assertTrue(resp.body().contains("\"allocatable\":{\"cpu\":\"7910m\""), resp.body());
            assertTrue(resp.headers().firstValue(ExtenderServer.NOTE_HEADER).isEmpty());
        }
    }

    @Test
    void shouldKeepEveryNodeAndSaySoWhenAllAreAboveTheThreshold() throws Exception {
        try (SchedulerExtenderCommand.Running r = start("--max-intensity", "400")) {
            HttpResponse<String> resp = post(r.port(), "filter", args(GREY, GREY2));
            Object result = JsonTree.parse(resp.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("grey-1", "grey-2"), keptNodes(result));
            assertEquals(Map.of(), JsonTree.member(result, "FailedAndUnresolvableNodes"));
            String note = resp.headers().firstValue(ExtenderServer.NOTE_HEADER).orElse("");
            assertTrue(note.contains("all 2 candidate nodes are above --max-intensity 400.0"), note);
        }
    }

    @Test
    void shouldNeverFilterAnUnknownRegionAndScoreItWithADocumentedFallback() throws Exception {
        String bare = node("onprem-1", null, null);
        String odd = node("aws-odd", "mars-north-1", "aws:///mars-north-1a/i-1");
        try (SchedulerExtenderCommand.Running r = start("--max-intensity", "400")) {
            Object result = JsonTree.parse(post(r.port(), "filter", args(GREEN, GREY, bare, odd)).body()
                    .getBytes(StandardCharsets.UTF_8));
            // onprem-1: no zone at all, kept; aws-odd: AWS average 392.78 x 1.135 = 445.8 > 400, filtered
            assertEquals(List.of("green-1", "onprem-1"), keptNodes(result));
            String why = JsonTree.string(result, "", "FailedAndUnresolvableNodes", "aws-odd");
            assertTrue(why.contains("445.8 g/kWh") && why.contains("aws:mars-north-1"), why);
            Map<String, Long> s = scores(post(r.port(), "prioritize", args(GREEN, bare)).body());
            // onprem-1 is scored with the world average (436 g/kWh, PUE 1): round(10 * 139.43 / 437) = 3
            assertEquals(3L, s.get("onprem-1"));
            assertEquals(10L, s.get("green-1"));
        }
        try (SchedulerExtenderCommand.Running r = start("--default-zone", "FR")) {
            Map<String, Long> s = scores(post(r.port(), "prioritize", args(GREEN, bare)).body());
            // France 56.039 g/kWh: greener than Finland's 138.43, so onprem-1 now leads
            assertEquals(10L, s.get("onprem-1"));
            assertEquals(4L, s.get("green-1"));
        }
    }

    @Test
    void shouldAnswerTheNodeCacheCapableFormWithNodeNamesFromTheNodeZoneMap() throws Exception {
        Path zones = tmp.resolve("zones.txt");
        Files.writeString(zones, "# node=zone\nw-hz = alibaba:cn-hangzhou\nw-cd=alibaba:cn-chengdu\n");
        try (SchedulerExtenderCommand.Running r = start("--node-zones", zones.toString(), "--max-intensity", "400")) {
            String body = "{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"Nodes\":null,\"NodeNames\":[\"w-hz\",\"w-cd\",\"w-x\"]}";
            HttpResponse<String> resp = post(r.port(), "filter", body);
            Object result = JsonTree.parse(resp.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("w-cd", "w-x"), JsonTree.member(result, "NodeNames"));
            assertEquals(JsonTree.NULL, JsonTree.member(result, "Nodes"));
            assertTrue(JsonTree.string(result, "", "FailedAndUnresolvableNodes", "w-hz").contains("674.0 g/kWh"),
                    resp.body());
            Map<String, Long> s = scores(post(r.port(), "prioritize", body).body());
            assertEquals(10L, s.get("w-cd"));
            assertEquals(3L, s.get("w-hz")); // (168.48 + 1) / (674.04 + 1) = 0.251
        }
    }

    @Test
    void shouldAnswer400WithAReasonForMalformedBodies() throws Exception {
        try (SchedulerExtenderCommand.Running r = start()) {
            Map<String, String> cases = Map.of(
                    "{\"Pod\":", "invalid JSON at line 1, column 8 (offset 7): unexpected end of text",
                    "[1,2]", "must be a JSON object",
                    "{\"Pod\":{}}", "neither Nodes",
                    "{\"Nodes\":{\"items\":{}}}", "items array",
                    "{\"Nodes\":{\"items\":[{\"metadata\":{}}]}}", "no metadata.name",
                    "{\"NodeNames\":[\"a\",7]}", "non-empty strings",
                    "", "empty text, expected a JSON value",
                    "{} {}", "trailing content");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                for (String verb : List.of("filter", "prioritize")) {
                    HttpResponse<String> resp = post(r.port(), verb, c.getKey());
                    assertEquals(400, resp.statusCode(), c.getKey());
                    assertTrue(resp.body().contains(c.getValue()), c.getKey() + " -> " + resp.body());
                }
            }
            String deep = "[".repeat(100_000);
            HttpResponse<String> resp = post(r.port(), "filter", deep);
            assertEquals(400, resp.statusCode());
            assertTrue(resp.body().contains("nested deeper than 64 levels"), resp.body());
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + r.port() + "/filter")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertEquals(200, post(r.port(), "prioritize", args(GREEN)).statusCode());
        }
    }

    @Test
    void shouldAnswerConcurrentSchedulingCyclesConsistently() throws Exception {
        try (SchedulerExtenderCommand.Running r = start("--max-intensity", "400")) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    boolean filter = i % 2 == 0;
                    Callable<String> call = () -> {
                        HttpResponse<String> resp = post(r.port(), filter ? "filter" : "prioritize", args(GREEN, GREY, GREY2));
                        assertEquals(200, resp.statusCode(), resp.body());
                        return filter ? keptNodes(JsonTree.parse(resp.body().getBytes(StandardCharsets.UTF_8))).toString()
                                : scores(resp.body()).toString();
                    };
                    results.add(pool.submit(call));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertEquals(i % 2 == 0 ? "[green-1]" : "{green-1=10, grey-1=2, grey-2=2}", results.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shouldCombineCarbonWithWattsPerBusyCpuFromPrometheus() throws Exception {
        // a loopback HTTP server answering the Prometheus instant-query API in its documented shape
        HttpServer prom = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        prom.createContext("/api/v1/query", ex -> {
            queries.add(URI.create("http://x" + ex.getRequestURI()).getQuery());
            byte[] b = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                    + "{\"metric\":{\"node_name\":\"a\"},\"value\":[1733490000.0,\"10\"]},"
                    + "{\"metric\":{\"node_name\":\"b\"},\"value\":[1733490000.0,\"40\"]}]}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        prom.start();
        try (SchedulerExtenderCommand.Running r = start("--prometheus", "http://127.0.0.1:" + prom.getAddress().getPort(),
                "--carbon-weight", "0.5")) {
            // both in the same grid: carbon 1 each; efficiency a = 1, b = 10/40; no data for c = 0.5
            String same = "aws:///eu-west-1a/i-";
            Map<String, Long> s = scores(post(r.port(), "prioritize",
                    args(node("a", "eu-west-1", same + "1"), node("b", "eu-west-1", same + "2"),
                            node("c", "eu-west-1", same + "3"))).body());
            assertEquals(Map.of("a", 10L, "b", 6L, "c", 8L), s);
            assertEquals(1, queries.size());
            assertTrue(queries.get(0).contains("kepler_node_cpu_watts"), queries.get(0));
        } finally {
            prom.stop(0);
        }
    }

    @Test
    void shouldScoreOnCarbonAloneWhilePrometheusIsUnreachable() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (SchedulerExtenderCommand.Running r = start("--prometheus", "http://127.0.0.1:" + closed)) {
            HttpResponse<String> resp = post(r.port(), "prioritize", args(GREY, GREEN));
            assertEquals(200, resp.statusCode(), resp.body());
            assertEquals(Map.of("grey-1", 2L, "green-1", 10L), scores(resp.body()));
        }
    }

    @Test
    void shouldServeHttpsWithThePemCertificateServeUses() throws Exception {
        Path cert = Path.of(getClass().getResource("/fixtures/tls/cert.pem").toURI());
        Path key = Path.of(getClass().getResource("/fixtures/tls/key.pem").toURI());
        try (SchedulerExtenderCommand.Running r = start("--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(cert)) {
                trust.setCertificateEntry("extender", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient c = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> resp = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + r.port()
                    + "/prioritize")).POST(HttpRequest.BodyPublishers.ofString(args(GREEN))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode());
            assertEquals(Map.of("green-1", 10L), scores(resp.body()));
        }
    }

    @Test
    void shouldRejectBadFlagsInOneLineWithExitCodeTwo() throws Exception {
        Path zones = tmp.resolve("zones");
        Files.writeString(zones, "# node=zone\nworker-1=aws:eu-west-1\nworker-2\n");
        String[][] bad = {{}, {"--listen", "127.0.0.1:0", "--carbon-weight", "1.5"},
            {"--listen", "127.0.0.1:0", "--node-zone", "w1"}, {"--listen", "127.0.0.1:0", "--prometheus", "ftp://x"},
            {"--listen", "127.0.0.1:0", "--provider", "nope"}, {"--listen", "127.0.0.1:0", "--max-intensity", "-1"},
            {"--listen", "127.0.0.1:0", "--max-intensity", "lots"}, {"--listen", "127.0.0.1:0", "--tls-key", "k.pem"},
            {"--listen", "127.0.0.1:0", "--efficiency-query", "up"}, {"--listen", "127.0.0.1:0", "--node-zones",
                zones.toString()}, {"--listen", ":1"}};
        String[] expected = {"--listen HOST:PORT is required: where to serve, e.g. 0.0.0.0:28283",
            "--carbon-weight must be between 0.0 and 1.0, was '1.5'",
            "--node-zone must be NODE=ZONE (e.g. worker-1=aws:eu-west-1), was 'w1'",
            "the Prometheus URL must be an http(s) URL such as http://prometheus:9090, was 'ftp://x'",
            "unknown --provider nope; one of: " + IntensityProviders.ids(),
            "--max-intensity must be between 0.0 and any finite number, was '-1.0'",
            "invalid value for option '--max-intensity': 'lots' is not a double",
            "--tls-cert and --tls-key go together (PEM certificate chain and PKCS#8 key)",
            "--efficiency-query needs --prometheus URL",
            "--node-zones " + zones + " line 3 must be NODE=ZONE (e.g. worker-1=aws:eu-west-1), was 'worker-2'",
            "--listen needs HOST:PORT with an explicit host, e.g. 127.0.0.1:28282 or 0.0.0.0:28282, was ':1'"};
        for (int i = 0; i < bad.length; i++) {
            List<String> line = new ArrayList<>(List.of("scheduler-extender"));
            line.addAll(List.of(bad[i]));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(line, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, line + ": " + e);
            assertEquals("energy4j scheduler-extender: " + expected[i] + "\n", e, line.toString());
        }
    }
}
