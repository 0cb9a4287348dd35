package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s GPU service end to end: the stand-in NVML library (compiled here from energy-nvml's test sources)
 * through the real JNA path, the service's HTTP endpoints on the agent's listener, a loopback chat-completions
 * server for the LLM path, and a real Prometheus scraping the {@code gpu_*} series.
 */
class GpuServiceIT {

    private static final String IDLE_UUID = "GPU-11111111-0000-0000-0000-000000000000";
    private static final String BUSY_UUID = "GPU-22222222-0000-0000-0000-000000000000";
    private static final String BURSTY_UUID = "GPU-33333333-0000-0000-0000-000000000000";
    private static final String LOST_UUID = "GPU-44444444-0000-0000-0000-000000000000";
    private static final long GIB = 1L << 30;

    /** One GPU holding 8 GiB at 0 % SM (a zombie), one busy at 95 %. */
    private static final String TWO_GPUS = String.join("\n", "count=2",
            "0.name=Stub A100", "0.uuid=" + IDLE_UUID, "0.arch=7", "0.energy.start=1000", "0.energy.step=60",
            "0.limit=400000", "0.power=60000", "0.util.gpu=0", "0.util.mem=0", "0.mem.total=" + 40 * GIB,
            "0.mem.used=" + 8 * GIB, "0.clock.sm=210", "0.temp=31", "0.procs=700:" + 8 * GIB, "0.procutil=700:0",
            "1.name=Stub A100", "1.uuid=" + BUSY_UUID, "1.arch=7", "1.energy.start=5000", "1.energy.step=350",
            "1.limit=400000", "1.power=350000", "1.util.gpu=95", "1.util.mem=60", "1.mem.total=" + 40 * GIB,
            "1.mem.used=" + 30 * GIB, "1.clock.sm=1410", "1.temp=71", "1.procs=701:" + 30 * GIB,
            "1.procutil=701:95", "");

    /** The two above, one bursty (0 % and 100 % in turn) and one lost after a few reads. */
    private static final String FOUR_GPUS = TWO_GPUS.replace("count=2", "count=4") + String.join("\n",
            "2.name=Stub A100", "2.uuid=" + BURSTY_UUID, "2.arch=7", "2.energy.start=1", "2.energy.step=100",
            "2.limit=400000", "2.power=200000",
            "2.util.gpu=0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100,0,100",
            "2.mem.total=" + 40 * GIB, "2.mem.used=" + 10 * GIB, "2.clock.sm=1200", "2.temp=55",
            "3.name=Stub A100", "3.uuid=" + LOST_UUID, "3.arch=7", "3.energy.start=1", "3.energy.step=100",
            "3.limit=400000", "3.power=100000", "3.util.gpu=40", "3.mem.used=" + GIB, "3.lost_after=4", "");

    /** Compiled once per class: NVML binds one library per JVM. */
    @TempDir
    static Path libDir;
    private static Path lib;
    /** Held so that JNA keeps the stand-in (and its scenario) loaded between calls. */
    private static NativeLibrary stub;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void host() throws Exception {
        compileStub();
        FakeProcfs.create(tmp.resolve("proc")).process(700, "notebook", 10, 0, 5).process(701, "train", 10, 0, 6);
        Files.createDirectories(tmp.resolve("sys"));
    }

    private static synchronized void compileStub() throws Exception {
        if (lib == null) {
            Path src = Path.of("..", "energy-nvml", "src", "test", "c", "nvml_stub.c");
            Path out = libDir.resolve("libnvidia-ml-stub.so").toAbsolutePath();
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", out.toString(), src.toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc builds the NVML stand-in");
            stub = NativeLibrary.getInstance(out.toString());
            lib = out;
        }
    }

    private void scenario(String text) throws IOException {
        Path f = tmp.resolve("scenario.txt");
        Files.writeString(f, text);
        stub.getFunction("nvmlStubSetScenario").invokeVoid(new Object[] {f.toString()});
    }

    private ServeCommand.Running serve(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--procfs", tmp.resolve("proc").toString(),
                "--sysfs", tmp.resolve("sys").toString(), "--source", "nvml", "--config", "nvml.library=" + lib,
                "--interval", "500ms", "--idle-policy", "none", "--node-name", "gpu-node"));
        args.addAll(List.of(extra));
        return ServeCommand.start(args, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first {@code "field" : value} after the GPU with {@code uuid} in a results body. */
    static String field(String json, String uuid, String field) {
        int at = json.indexOf("\"uuid\" : \"" + uuid + "\"");
        assertTrue(at >= 0, uuid + " not in " + json);
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\" : (\"[^\"]*\"|[^,\\n}]+)").matcher(json);
        assertTrue(m.find(at), field + " after " + uuid + " in " + json);
        String v = m.group(1).trim();
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The value of the first {@code "field" : value} in {@code json}. */
    static String field(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\" : (\"[^\"]*\"|[^,\\n}]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        String v = m.group(1).trim();
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The mean of stats object {@code stat} of the GPU with {@code uuid}. */
    static double mean(String json, String uuid, String stat) {
        int at = json.indexOf("\"uuid\" : \"" + uuid + "\"");
        Matcher m = Pattern.compile("\"" + stat + "\" : \\{\\s*\"mean\" : ([-0-9.E]+)").matcher(json);
        assertTrue(at >= 0 && m.find(at), stat + " of " + uuid + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** The {@code ai} object of the GPU with {@code uuid} (and what follows it). */
    static String ai(String json, String uuid) {
        int at = json.indexOf("\"ai\" : {", json.indexOf(uuid));
        assertTrue(at >= 0, "no ai object for " + uuid + " in " + json);
        return json.substring(at);
    }

    /** The exposition line of {@code name} whose labels hold every one of {@code labels}. */
    static String line(String exposition, String name, String... labels) {
        for (String l : exposition.split("\n")) {
            if (!l.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String want : labels) {
                all &= l.contains(want);
            }
            if (all) {
                return l;
            }
        }
        throw new AssertionError("no " + name + " with " + List.of(labels) + " in\n" + exposition);
    }

    private static final Path DEPLOY = Path.of("..", "deploy");

    /** {title, expr, legend} of every target of the GPU dashboard. */
    static List<String[]> dashboardQueries() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory()
                .createParser(DEPLOY.resolve("grafana/energy4j-gpu-dashboard.json").toFile())) {
            String title = "";
            String expr = null;
            String legend = "";
            while (p.nextToken() != null) {
                if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    if (f.equals("title")) {
                        p.nextToken();
                        title = p.getText();
                    } else if (f.equals("expr")) {
                        p.nextToken();
                        expr = p.getText();
                    } else if (f.equals("legendFormat")) {
                        p.nextToken();
                        legend = p.getText();
                    }
                } else if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.END_OBJECT && expr != null) {
                    out.add(new String[] {"panel \"" + title + "\"", expr, legend});
                    expr = null;
                    legend = "";
                }
            }
        }
        assertTrue(out.size() >= 12, "dashboard targets: " + out.size());
        return out;
    }

    /** {alert, expr, annotations} of the GPU PrometheusRule (one-line expressions). */
    static List<String[]> ruleQueries() throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(DEPLOY.resolve("kubernetes/monitoring/gpu-prometheusrule.yaml"));
        String alert = null;
        String expr = null;
        StringBuilder annotations = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("- alert:")) {
                if (alert != null) {
                    out.add(new String[] {alert, expr, annotations.toString()});
                }
                alert = t.substring(8).strip();
                annotations.setLength(0);
            } else if (t.startsWith("expr:")) {
                expr = t.substring(5).strip();
            } else if (t.startsWith("summary:") || t.startsWith("description:")) {
                annotations.append(t);
            }
        }
        out.add(new String[] {alert, expr, annotations.toString()});
        assertTrue(out.size() >= 3, "alerts: " + out.size());
        return out;
    }

    /** Labels a legend ({{label}}) or an annotation ({{ $labels.label }}) prints. */
    static List<String> printed(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\\{\\s*(?:\\$labels\\.)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** promtool on the rule groups (the PrometheusRule's spec is a rule file). */
    private void checkRules(Path promtool) throws Exception {
        String crd = Files.readString(DEPLOY.resolve("kubernetes/monitoring/gpu-prometheusrule.yaml"));
        StringBuilder rf = new StringBuilder();
        for (String line : crd.substring(crd.indexOf("\nspec:\n") + 7).split("\n", -1)) {
            rf.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
        }
        Path ruleFile = tmp.resolve("gpu-rules.yml");
        Files.writeString(ruleFile, rf.toString());
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", ruleFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), "promtool check rules: " + out);
    }

    private static void waitFor(LocalPrometheus prom, String query, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String got = "";
        while (System.nanoTime() < deadline) {
            got = prom.query(query);
            if (got.contains("\"value\":[")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(query + " never had a value: " + got);
    }

    private String waitForStatus(String base, String uuid, String status, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base + "/results");
            last = r.body();
            if (r.statusCode() == 200 && last.contains(uuid) && field(last, uuid, "status").equals(status)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(uuid + " never became " + status + "; last results: " + last + "\nlog: " + log);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldFlagTheGpuHoldingMemoryAtZeroSmAndServeJsonAndSeriesScrapedByPrometheus() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        assumeTrue(prometheus != null, "needs the prometheus package");
        Path promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(promtool != null, "needs promtool");
        scenario(TWO_GPUS);
        LocalPrometheus prom = null;
        try (FakeChat chat = new FakeChat();
             ServeCommand.Running r = serve("--gpu-analysis-interval", "2s", "--gpu-window", "10s",
                     "--ai-url", chat.url(), "--ai-timeout", "2s")) {
            String base = "http://127.0.0.1:" + r.port();
            assertNotNull(r.gpu(), "the GPU service is on by default with an NVML source; log: " + log);
            assertTrue(log.toString().contains("GPU analysis every 2 s over 10 s"), log.toString());

            // a GPU watched for less than the window is not judged yet
            HttpResponse<String> early = get(base + "/analyze");
            for (int i = 0; i < 20 && field(early.body(), IDLE_UUID, "status").equals("unknown"); i++) {
                Thread.sleep(100); // before the first sample
                early = get(base + "/analyze");
            }
            assertEquals(200, early.statusCode(), early.body());
            assertTrue(early.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("insufficient_history", field(early.body(), IDLE_UUID, "status"), early.body());
            assertEquals("false", field(early.body(), IDLE_UUID, "lowUtilization"), early.body());

            prom = LocalPrometheus.start(prometheus, tmp,
                    "  - job_name: energy4j",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + r.port() + "']");

            String results = waitForStatus(base, IDLE_UUID, "suspicious", 30);
            assertEquals("true", field(results, IDLE_UUID, "lowUtilization"), results);
            assertEquals("active", field(results, BUSY_UUID, "status"), results);
            assertEquals("false", field(results, BUSY_UUID, "lowUtilization"), results);
            // score = 0.7 x 95 % SM + 0.3 x (350 W / 400 W) = 66.5 + 26.25
            assertEquals(92.75, Double.parseDouble(field(results, BUSY_UUID, "score")), 0.01, results);
            assertEquals(71.0, mean(results, BUSY_UUID, "temperatureCelsius"), 1e-9, results);
            assertEquals(60.0, mean(results, BUSY_UUID, "memoryCopyUtilizationPercent"), 1e-9, results);
            assertEquals(31.0, mean(results, IDLE_UUID, "temperatureCelsius"), 1e-9, results);
            assertTrue(results.contains("\"pid\" : 700"), results);

            HttpResponse<String> analyze = get(base + "/analyze");
            assertEquals(200, analyze.statusCode());
            assertEquals("suspicious", field(analyze.body(), IDLE_UUID, "status"));

            HttpResponse<String> low = get(base + "/results/low");
            assertTrue(low.body().contains(IDLE_UUID) && !low.body().contains(BUSY_UUID), low.body());

            HttpResponse<String> stats = get(base + "/results/stats");
            assertEquals(200, stats.statusCode());
            assertEquals("2", field(stats.body(), "total"), stats.body());
            assertEquals("1", field(stats.body(), "suspicious"), stats.body());
            assertEquals("1", field(stats.body(), "active"), stats.body());
            assertEquals("1", field(stats.body(), "lowUtilization"), stats.body());

            HttpResponse<String> config = get(base + "/config");
            assertEquals(200, config.statusCode());
            assertEquals("10.0", field(config.body(), "window_seconds"), config.body());
            assertEquals("2.0", field(config.body(), "analysis_interval_seconds"), config.body());
            assertEquals("20.0", field(config.body(), "low_threshold"), config.body());
            assertEquals("false", field(config.body(), "config_update_allowed"), config.body());

            HttpResponse<String> index = get(base + "/");
            assertTrue(index.body().contains("/results/stats"), index.body());
            assertEquals(200, get(base + "/health").statusCode());

            String metrics = get(base + "/metrics").body();
            for (String name : List.of("gpu_utilization_score{", "gpu_total_count{", "gpu_status_count{",
                    "gpu_analysis_total{", "gpu_core_utilization{", "gpu_memory_copy_utilization{",
                    "gpu_memory_used_mb{", "gpu_sm_clock_mhz{", "gpu_power_usage_watts{", "gpu_average_score{",
                    "gpu_idle_count{", "gpu_low_utilization_count{", "gpu_namespace_count{",
                    "gpu_namespace_average_score{", "gpu_analysis_errors_total{", "gpu_analysis_duration_seconds{",
                    "gpu_temperature_celsius{")) {
                assertTrue(metrics.contains(name), name + " missing from /metrics:\n" + metrics);
            }
            assertTrue(Pattern.compile("gpu_status_count\\{node_name=\"gpu-node\",status=\"suspicious\"} 1\\.0")
                    .matcher(metrics).find(), metrics);
            assertTrue(Pattern.compile("gpu_total_count\\{node_name=\"gpu-node\"} 2\\.0").matcher(metrics).find(),
                    metrics);

            // Prometheus scrapes the same series
            String q = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    q = prom.query("gpu_status_count{status=\"suspicious\",job=\"energy4j\"}");
                    if (q.contains("\"value\":[") && q.contains("\"1\"]")) {
                        break;
                    }
                } catch (IOException e) {
                    // still starting
                }
                Thread.sleep(500);
            }
            assertTrue(q.contains("\"node_name\":\"gpu-node\"") && q.contains("\"1\"]"), q + "\n" + prom.log());
            String score = prom.query("gpu_utilization_score{gpu_uuid=\"" + BUSY_UUID + "\"}");
            assertTrue(score.contains("\"status\":\"active\"") && score.contains("\"92.75\"]"), score);
            String total = prom.query("gpu_analysis_total");
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.]+)\"]").matcher(total);
            assertTrue(m.find() && Double.parseDouble(m.group(1)) >= 2, total);

            // the shipped GPU dashboard and alerts find their series, with the labels they print
            waitFor(prom, "gpu_ai_analysis_confidence", 30);
            checkRules(promtool);
            for (String[] panel : dashboardQueries()) {
                String expr = panel[1].replace("$node", ".*").replace("$__rate_interval", "10s");
                String got = prom.query(expr);
                assertTrue(got.contains("\"value\":["), panel[0] + " gives no series: " + expr + " -> " + got);
                for (String label : printed(panel[2])) {
                    assertTrue(got.contains("\"" + label + "\":"), panel[0] + " prints " + label + ": " + got);
                }
            }
            for (String[] rule : ruleQueries()) {
                String expr = MonitoringQueriesIT.withoutThreshold(rule[1]);
                String got = prom.query(expr);
                assertTrue(got.contains("\"value\":["), rule[0] + " gives no series even without its threshold: " + expr);
                for (String label : printed(rule[2])) {
                    assertTrue(got.contains("\"" + label + "\":"), rule[0] + " prints " + label + ": " + got);
                }
            }
        } finally {
            if (prom != null) {
                prom.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldJudgeBurstyAndBusyGpusKeepGoingWhenOneIsLostAndNeverOverlapAnalyses() throws Exception {
        scenario(FOUR_GPUS);
        try (ServeCommand.Running r = serve("--gpu-analysis-interval", "1s", "--gpu-window", "3s")) {
            String base = "http://127.0.0.1:" + r.port();
            String results = waitForStatus(base, BUSY_UUID, "active", 20);
            // lost after its fourth read: no value in the window, so no verdict and no score
            assertEquals("unknown", field(results, LOST_UUID, "status"), results);
            assertEquals("suspicious", field(results, IDLE_UUID, "status"), results);
            assertEquals("active", field(results, BURSTY_UUID, "status"), results);
            // 0 and 100 in turn: a mean near 50 and a variance near 2500
            double variance = Double.parseDouble(field(results, BURSTY_UUID, "variance"));
            assertTrue(variance > 1000, "bursty variance " + variance + " in " + results);
            assertEquals("null", field(results, LOST_UUID, "score"), results);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<HttpResponse<String>>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<HttpResponse<String>> call = () -> get(base + "/analyze");
                fs.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> f : fs) {
                assertEquals(200, f.get().statusCode(), f.get().body());
            }
            pool.shutdown();
            assertEquals(1, r.gpu().monitor().maxConcurrentAnalyses(), "analyses overlapped");
            assertEquals(0, r.gpu().monitor().errorsTotal());
            assertEquals(200, get(base + "/healthz").statusCode());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseConfigUpdatesWithoutAuthOrFlagAndValidateThemWhenAllowed() throws Exception {
        scenario(TWO_GPUS);
        try (ServeCommand.Running r = serve("--gpu-analysis-interval", "60s", "--gpu-window", "10s")) {
            String base = "http://127.0.0.1:" + r.port();
            HttpResponse<String> refused = post(base + "/config/update", "{\"low_threshold\": 30}");
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("--gpu-config-update"), refused.body());
            assertEquals("20.0", field(get(base + "/config").body(), "low_threshold"));
        }
        try (ServeCommand.Running r = serve("--gpu-analysis-interval", "60s", "--gpu-window", "10s",
                "--gpu-config-update")) {
            String base = "http://127.0.0.1:" + r.port();
            for (String[] bad : new String[][] {
                    {"{\"low_threshold\": 150}", "0 to 100"},
                    {"{\"low_threshold\": \"high\"}", "low_threshold must be a number"},
                    {"{\"window\": \"2h\"}", "window must be 2s..1h"},
                    {"{\"analysis_interval\": \"soon\"}", "analysis_interval must be a duration"},
                    {"{\"ai_enabled\": true}", "--ai-url"},
                    {"{\"colour\": 1}", "unknown setting 'colour'"},
                    {"{}", "no setting given"},
                    {"[1]", "JSON object"},
                    {"{\"low_threshold\": 30", "not valid JSON"}}) {
                HttpResponse<String> resp = post(base + "/config/update", bad[0]);
                assertEquals(400, resp.statusCode(), bad[0] + " -> " + resp.body());
                assertTrue(resp.body().contains(bad[1]), bad[0] + " -> " + resp.body());
            }
            assertEquals(413, post(base + "/config/update", "{\"window\":\"" + "9".repeat(5000) + "s\"}").statusCode());
            assertEquals(405, get(base + "/config/update").statusCode());
            assertEquals("20.0", field(get(base + "/config").body(), "low_threshold"), "bad updates changed nothing");

            HttpResponse<String> ok = post(base + "/config/update",
                    "{\"low_threshold\": 35, \"window\": \"4s\", \"analysis_interval\": 1}");
            assertEquals(200, ok.statusCode(), ok.body());
            String config = get(base + "/config").body();
            assertEquals("35.0", field(config, "low_threshold"), config);
            assertEquals("4.0", field(config, "window_seconds"), config);
            assertEquals("1.0", field(config, "analysis_interval_seconds"), config);
            // the new interval takes effect: periodic analyses now come every second
            long before = r.gpu().monitor().analysesTotal();
            Thread.sleep(3500);
            assertTrue(r.gpu().monitor().analysesTotal() >= before + 2, "rescheduled to 1 s");
        }
        Path users = tmp.resolve("users");
        Files.writeString(users, "ops:plain:s3cret\n");
        try (ServeCommand.Running r = serve("--gpu-analysis-interval", "60s", "--gpu-window", "10s",
                "--basic-auth-file", users.toString())) {
            String base = "http://127.0.0.1:" + r.port();
            String auth = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, get(base + "/results").statusCode());
            assertEquals(401, get(base + "/analyze").statusCode());
            assertEquals(401, post(base + "/config/update", "{\"low_threshold\": 30}").statusCode());
            assertEquals(200, get(base + "/analyze", "Authorization", auth).statusCode());
            HttpResponse<String> ok = post(base + "/config/update", "{\"low_threshold\": 30}", "Authorization", auth);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("30.0", field(ok.body(), "low_threshold"));
            assertEquals(200, get(base + "/healthz").statusCode(), "probes need no secret");
        }
    }

    /** A chat-completions endpoint whose behaviour the test switches. */
    private static final class FakeChat implements AutoCloseable {
        volatile String mode = "good";
        final AtomicInteger requests = new AtomicInteger();
        final HttpServer server;

        FakeChat() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-chat");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/v1/chat/completions", ex -> {
                requests.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                String content = switch (mode) {
                    case "good" -> "{\\\"status\\\":\\\"suspicious\\\",\\\"confidence\\\":0.9,"
                            + "\\\"reasons\\\":[\\\"8 GiB held at 0% SM\\\"],\\\"actions\\\":[\\\"stop pid 700\\\"],"
                            + "\\\"adjusted_score\\\":4}";
                    case "range" -> "{\\\"status\\\":\\\"idle\\\",\\\"confidence\\\":1.7}";
                    default -> "not json";
                };
                if (mode.equals("stall")) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int status = mode.equals("500") ? 500 : 200;
                byte[] b = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                        + "\"}}]}").getBytes(StandardCharsets.UTF_8);
                try {
                    ex.sendResponseHeaders(status, b.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(b);
                    }
                } catch (IOException gone) {
                    // the client gave up (stall)
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldAddValidatedLlmAdviceAndKeepTheRulesWhenTheModelFailsOrStalls() throws Exception {
        scenario(TWO_GPUS);
        try (FakeChat chat = new FakeChat();
             ServeCommand.Running r = serve("--gpu-analysis-interval", "60s", "--gpu-window", "3s",
                     "--ai-url", chat.url(), "--ai-model", "test-model", "--ai-timeout", "500ms")) {
            String base = "http://127.0.0.1:" + r.port();
            Thread.sleep(3500); // a full window
            HttpResponse<String> good = get(base + "/analyze?use_ai=true");
            assertEquals(200, good.statusCode(), good.body());
            assertEquals("suspicious", field(good.body(), IDLE_UUID, "status"), good.body());
            String idleAi = ai(good.body(), IDLE_UUID);
            assertEquals("ok", field(idleAi, "status"), idleAi);
            assertEquals("chat", field(idleAi, "advisor"), idleAi);
            assertEquals("4.0", field(idleAi, "adjustedScore"), idleAi);
            assertEquals("stop pid 700", field(idleAi, "suggestion"), idleAi);
            String metrics = get(base + "/metrics").body();
            assertTrue(line(metrics, "gpu_ai_analysis_confidence", "gpu_uuid=\"" + IDLE_UUID + "\"",
                    "ai_status=\"suspicious\"", "node_name=\"gpu-node\"").endsWith(" 0.9"), metrics);
            assertTrue(line(metrics, "gpu_ai_adjusted_score", "gpu_uuid=\"" + IDLE_UUID + "\"").endsWith(" 4.0"),
                    metrics);

            for (String[] failure : new String[][] {{"malformed", "requested JSON object"},
                    {"range", "confidence between 0 and 1"}, {"500", "HTTP 500"}}) {
                chat.mode = failure[0];
                HttpResponse<String> resp = get(base + "/analyze?use_ai=true");
                assertEquals(200, resp.statusCode());
                String ai = ai(resp.body(), IDLE_UUID);
                assertEquals("failed", field(ai, "status"), failure[0] + ": " + ai);
                assertTrue(field(ai, "error").contains(failure[1]), failure[0] + ": " + ai);
                // the rule-based verdict stands
                assertEquals("suspicious", field(resp.body(), IDLE_UUID, "status"));
            }
            int before = chat.requests.get();
            chat.mode = "500";
            get(base + "/analyze?use_ai=true");
            assertEquals(before + 6, chat.requests.get(), "two GPUs, three attempts each (two retries)");

            // a stalled model holds neither analyses nor the listener
            chat.mode = "stall";
            Thread requester = new Thread(() -> {
                try {
                    get(base + "/analyze?use_ai=true");
                } catch (Exception ignored) {
                    // the outcome is checked through /results below
                }
            });
            requester.start();
            Thread.sleep(300);
            long start = System.nanoTime();
            HttpResponse<String> plain = get(base + "/analyze");
            assertEquals(200, plain.statusCode());
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "a plain analysis waited for the model");
            requester.join(15_000);
            assertFalse(requester.isAlive(), "use_ai=true is bounded by the advisor's timeouts");
            String after = get(base + "/results").body();
            String ai = ai(after, IDLE_UUID);
            assertTrue(field(ai, "error").contains("no answer within 500 ms"), ai);
            assertFalse(log.toString().contains("Bearer"), "no credential in the log");
        }
    }

    @Test
    void shouldRefuseBadGpuFlagsWithOneLineNamingTheFlag() throws Exception {
        for (String[] bad : new String[][] {{"--gpu-window", "3h", "window must be 2s..1h"},
                {"--gpu-low-threshold", "120", "0 to 100"}, {"--gpu-workers", "0", "--gpu-workers must be 1..64"},
                {"--ai-url", "ftp://x", "--ai-url must be an http"}, {"--gpu-analysis", "maybe", "auto, on or off"}}) {
            CliTest.Result res = CliTest.run("serve", "--listen", "127.0.0.1:0", "--procfs",
                    tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(), bad[0], bad[1]);
            assertEquals(2, res.code(), String.join(" ", bad) + ": " + res.err());
            assertTrue(res.err().contains(bad[2]), res.err());
            assertEquals(1, res.err().strip().lines().count(), res.err());
        }
        // asked for explicitly on a host without an NVML source: a start-up error, not a silent no-op
        CliTest.Result on = CliTest.run("serve", "--listen", "127.0.0.1:0", "--procfs", tmp.resolve("proc").toString(),
                "--sysfs", tmp.resolve("sys").toString(), "--source", "model", "--gpu-analysis", "on");
        assertEquals(2, on.code(), on.err());
        assertTrue(on.err().contains("--gpu-analysis on needs the NVML source"), on.err());
    }
}
