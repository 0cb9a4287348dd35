package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code energy4j gpus --prometheus}: a real Prometheus scrapes a loopback exporter that serves series shaped like
 * NVIDIA dcgm-exporter's (its default counters and labels: gpu, UUID, device, modelName, Hostname and the pod
 * mapping's container, namespace, pod), and the command analyses the cluster from the history Prometheus keeps.
 */
class GpuFleetIT {

    private static final String IDLE = "GPU-aaaaaaaa-0000-0000-0000-000000000001";
    private static final String BUSY = "GPU-bbbbbbbb-0000-0000-0000-000000000002";
    private static final String ZOMBIE = "GPU-cccccccc-0000-0000-0000-000000000003";

    @TempDir
    Path tmp;

    /** dcgm-exporter's exposition for three GPUs on two hosts. */
    private static String exposition() {
        StringBuilder b = new StringBuilder();
        String[][] gpus = {
                // uuid, host, gpu, namespace, pod, container, util, fb MiB, watts, sm MHz, temp, copy
                {IDLE, "node-a", "0", "", "", "", "0", "0", "55", "210", "30", "0"},
                {BUSY, "node-a", "1", "ml", "trainer-0", "train", "90", "30000", "300", "1410", "70", "40"},
                {ZOMBIE, "node-b", "0", "research", "notebook-1", "nb", "0", "8192", "60", "210", "33", "0"}};
        String[][] fields = {{"DCGM_FI_DEV_GPU_UTIL", "6"}, {"DCGM_FI_DEV_FB_USED", "7"},
                {"DCGM_FI_DEV_POWER_USAGE", "8"}, {"DCGM_FI_DEV_SM_CLOCK", "9"}, {"DCGM_FI_DEV_GPU_TEMP", "10"},
                {"DCGM_FI_DEV_MEM_COPY_UTIL", "11"}, {"DCGM_FI_DEV_POWER_MGMT_LIMIT", "-1"}};
        for (String[] f : fields) {
            b.append("# HELP ").append(f[0]).append(" field\n# TYPE ").append(f[0]).append(" gauge\n");
            for (String[] g : gpus) {
                b.append(f[0]).append("{gpu=\"").append(g[2]).append("\",UUID=\"").append(g[0])
                        .append("\",device=\"nvidia").append(g[2]).append("\",modelName=\"NVIDIA A100-SXM4-40GB\",")
                        .append("Hostname=\"").append(g[1]).append("\",container=\"").append(g[5])
                        .append("\",namespace=\"").append(g[3]).append("\",pod=\"").append(g[4]).append("\"} ")
                        .append(f[1].equals("-1") ? "400" : g[Integer.parseInt(f[1])]).append('\n');
            }
        }
        return b.toString();
    }

    private static HttpServer exporter() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
        s.createContext("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
        return s;
    }

    /** A chat-completions endpoint that calls every GPU idle with an adjusted score of 7. */
    private static HttpServer chat(AtomicReference<String> lastRequest) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        s.createContext("/v1/chat/completions", ex -> {
            lastRequest.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = ("{\"choices\":[{\"message\":{\"content\":\"{\\\"status\\\":\\\"idle\\\",\\\"confidence\\\":0.6,"
                    + "\\\"reasons\\\":[\\\"fleet check\\\"],\\\"actions\\\":[\\\"none\\\"],\\\"adjusted_score\\\":7}\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        s.start();
        return s;
    }

    private static String gpuObject(String json, String uuid) {
        int at = json.indexOf("\"uuid\":\"" + uuid + "\"");
        assertTrue(at >= 0, uuid + " in " + json);
        int start = json.lastIndexOf("{\"node\"", at);
        int end = json.indexOf("{\"node\"", at);
        return json.substring(start, end < 0 ? json.indexOf("\"stats\"", at) : end);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldAnalyseEveryGpuOfTheClusterFromDcgmExporterHistoryInPrometheus() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        assumeTrue(prometheus != null, "needs the prometheus package");
        HttpServer exporter = exporter();
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer chat = chat(asked);
        try (LocalPrometheus prom = LocalPrometheus.start(prometheus, tmp,
                "  - job_name: dcgm",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + exporter.getAddress().getPort() + "']")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            double scrapes = 0;
            while (scrapes < 4 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    String q = prom.query("count_over_time(DCGM_FI_DEV_GPU_UTIL{UUID=\"" + BUSY + "\"}[5m])");
                    Matcher m = Pattern.compile("\"([0-9]+)\"]").matcher(q);
                    scrapes = m.find() ? Double.parseDouble(m.group(1)) : 0;
                } catch (IOException e) {
                    // still starting
                }
            }
            assertTrue(scrapes >= 4, "Prometheus did not scrape the exporter; its log: " + prom.log());
            String url = prom.url();

            CliTest.Result r = CliTest.run("gpus", "--prometheus", url, "--window", "1m", "--format", "json");
            assertEquals(0, r.code(), r.err());
            String json = r.out();
            assertTrue(json.startsWith("{\"source\":\"dcgm-exporter\",\"windowSeconds\":60,"), json);
            String idle = gpuObject(json, IDLE);
            assertTrue(idle.contains("\"node\":\"node-a\"") && idle.contains("\"status\":\"idle\""), idle);
            String busy = gpuObject(json, BUSY);
            assertTrue(busy.contains("\"status\":\"active\"") && busy.contains("\"namespaces\":[\"ml\"]")
                    && busy.contains("\"pods\":[\"ml/trainer-0\"]"), busy);
            // 0.7 x 90 % + 0.3 x (300 W of the 400 W limit) = 63 + 22.5
            assertTrue(busy.contains("\"score\":85.5,"), busy);
            assertTrue(busy.contains("\"name\":\"NVIDIA A100-SXM4-40GB\""), busy);
            String zombie = gpuObject(json, ZOMBIE);
            assertTrue(zombie.contains("\"node\":\"node-b\"") && zombie.contains("\"status\":\"suspicious\"")
                    && zombie.contains("\"lowUtilization\":true"), zombie);
            // 8192 MiB in bytes
            assertTrue(zombie.contains("\"memoryUsedBytes\":{\"mean\":8.589934592E9"), zombie);
            assertTrue(json.contains("\"byStatus\":{\"active\":1,\"idle\":1,\"suspicious\":1,"), json);
            assertTrue(json.contains("\"namespaces\":{\"ml\":{\"gpus\":1,\"averageScore\":85.5},"
                    + "\"research\":{\"gpus\":1,"), json);

            CliTest.Result table = CliTest.run("gpus", "--prometheus", url, "--window", "1m");
            assertEquals(0, table.code(), table.err());
            assertTrue(table.out().contains("3 GPUs from dcgm-exporter over 60 s"), table.out());
            assertTrue(table.out().contains("namespace ml: 1 GPUs, average score 85.5"), table.out());

            CliTest.Result ai = CliTest.run("gpus", "--prometheus", url, "--window", "1m", "--format", "json", "--ai",
                    "--ai-url", "http://127.0.0.1:" + chat.getAddress().getPort() + "/v1/chat/completions",
                    "--ai-model", "fleet-model");
            assertEquals(0, ai.code(), ai.err());
            assertTrue(gpuObject(ai.out(), BUSY).contains("\"advice\":{\"advisor\":\"chat\",\"status\":\"idle\","
                    + "\"confidence\":0.6,\"reason\":\"fleet check\",\"suggestion\":\"none\",\"adjustedScore\":7.0}"),
                    ai.out());
            assertTrue(asked.get().contains("fleet-model") && asked.get().contains("variance"), asked.get());

            CliTest.Result none = CliTest.run("gpus", "--prometheus", "http://127.0.0.1:" + LocalPrometheus.freePort(),
                    "--window", "1m");
            assertEquals(2, none.code());
            assertEquals(1, none.err().strip().lines().count(), none.err());
            assertTrue(none.err().contains("check --prometheus"), none.err());
        } finally {
            exporter.stop(0);
            chat.stop(0);
        }
    }
}
