package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes added with {@link AgentHttpServer#route}: exact match, and behind the same basic auth as /metrics. */
class AgentHttpServerRouteTest {

    @TempDir
    Path tmp;

    @Test
    void shouldServeAnAddedExactRouteBehindTheSameAuth() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
        try (EnergyMeter meter = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(tmp.resolve("sys"))
                .sources("rapl").workloadResolvers(false).build();
             Exporter exporter = new Exporter(meter, Naming.of("kepler"), MetricsLevel.DEFAULT, "n1", proc);
             AgentHttpServer server = new AgentHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     exporter, null, BasicAuthFile.parse(List.of("prom:plain:pw")))) {
            server.route("/results", ex -> {
                byte[] b = "[]".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            });
            assertThrows(IllegalArgumentException.class, () -> server.route("/metrics", ex -> { }));
            assertThrows(IllegalArgumentException.class, () -> server.route("results", ex -> { }));
            HttpClient c = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            String auth = "Basic " + Base64.getEncoder().encodeToString("prom:pw".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, c.send(HttpRequest.newBuilder(URI.create(base + "/results")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create(base + "/results"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("[]", ok.body());
            assertEquals(404, c.send(HttpRequest.newBuilder(URI.create(base + "/results/x")).header("Authorization",
                    auth).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
