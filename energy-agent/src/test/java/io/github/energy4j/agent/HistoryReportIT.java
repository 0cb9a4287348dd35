package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.internal.json.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --prometheus} against a real Prometheus whose TSDB holds 60 days of the agent's series, backfilled
 * with {@code promtool tsdb create-blocks-from openmetrics}. Every series runs at a constant rate within each 30-day
 * period, so the expected totals are exact sums worked out by hand below.
 *
 * <pre>
 *              current period (last 30 d = 720 h)       previous period
 * n1 CPU       package 100 W, dram 20 W (idle 40+10)     80 W, 16 W (idle 40+10)
 *              core 70 W (inside package: not counted)  60 W
 *              pods web 50 W, batch 20 W                web 20 W, batch 10 W
 *              CO2e 300 g/kWh: 36 g/h                   28.8 g/h
 *              CPU usage 0.3                            0.2
 * n2 CPU       package 60 W (idle 30)                    60 W (idle 40)
 * n2 GPU       200 W (idle 150), pod batch 50 W          200 W (idle 100), pod batch 100 W
 *              pod batch CPU 20 W                        15 W
 *              CO2e 100 g/kWh: 6 + 20 g/h                6 + 20 g/h
 *              CPU usage 0.2                             0.1
 * </pre>
 */
class HistoryReportIT {

    @TempDir
    static Path tmp;

    private static LocalPrometheus prom;
    private static Instant end;
    private static String url;

    private static final long H = 3600;

    /** One series: labels and its rate (per hour) before and after the period boundary. */
    private record S(String labels, double before, double after) {
    }

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void backfillAndStart() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        Path promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(prometheus != null && promtool != null, "needs the prometheus package (prometheus, promtool)");
        end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        long e = end.getEpochSecond();
        long b = e - 30 * 24 * H;
        long t0 = e - 60 * 24 * H;
        StringBuilder om = new StringBuilder();
        // counters: joules (W x 3600 per hour) and grams per hour
        counter(om, "kepler_node_cpu_joules", t0, b, e,
                new S("node_name=\"n1\",zone=\"package\",path=\"/sys/class/powercap/intel-rapl:0\"", 80 * H, 100 * H),
                new S("node_name=\"n1\",zone=\"dram\",path=\"/sys/class/powercap/intel-rapl:0:1\"", 16 * H, 20 * H),
                new S("node_name=\"n1\",zone=\"core\",path=\"/sys/class/powercap/intel-rapl:0:0\"", 60 * H, 70 * H),
                new S("node_name=\"n2\",zone=\"package\",path=\"/sys/class/powercap/intel-rapl:0\"", 60 * H, 60 * H));
        counter(om, "kepler_node_cpu_idle_joules", t0, b, e,
                new S("node_name=\"n1\",zone=\"package\",path=\"p\"", 40 * H, 40 * H),
                new S("node_name=\"n1\",zone=\"dram\",path=\"d\"", 10 * H, 10 * H),
                new S("node_name=\"n1\",zone=\"core\",path=\"c\"", 30 * H, 30 * H),
                new S("node_name=\"n2\",zone=\"package\",path=\"p\"", 40 * H, 30 * H));
        counter(om, "kepler_node_gpu_joules", t0, b, e,
                new S("node_name=\"n2\",gpu=\"0\",gpu_uuid=\"GPU-1\",gpu_name=\"NVIDIA H100\",vendor=\"nvidia\","
                        + "zone=\"gpu0\",path=\"GPU-1\"", 200 * H, 200 * H));
        counter(om, "kepler_node_gpu_idle_joules", t0, b, e,
                new S("node_name=\"n2\",gpu=\"0\",gpu_uuid=\"GPU-1\",gpu_name=\"NVIDIA H100\",vendor=\"nvidia\","
                        + "zone=\"gpu0\",path=\"GPU-1\"", 100 * H, 150 * H));
        counter(om, "kepler_pod_cpu_joules", t0, b, e,
                new S("node_name=\"n1\",pod_id=\"u1\",pod_name=\"web-1\",pod_namespace=\"web\",state=\"running\","
                        + "zone=\"package\"", 20 * H, 50 * H),
                new S("node_name=\"n1\",pod_id=\"u2\",pod_name=\"etl-1\",pod_namespace=\"batch\",state=\"running\","
                        + "zone=\"package\"", 10 * H, 20 * H),
                new S("node_name=\"n1\",pod_id=\"u2\",pod_name=\"etl-1\",pod_namespace=\"batch\",state=\"running\","
                        + "zone=\"core\"", 9 * H, 18 * H),
                new S("node_name=\"n2\",pod_id=\"u3\",pod_name=\"train-1\",pod_namespace=\"batch\",state=\"running\","
                        + "zone=\"package\"", 15 * H, 20 * H));
        counter(om, "kepler_pod_gpu_joules", t0, b, e,
                new S("node_name=\"n2\",pod_id=\"u3\",pod_name=\"train-1\",pod_namespace=\"batch\",state=\"running\"",
                        100 * H, 50 * H));
        counter(om, "energy4j_node_cpu_carbon_grams", t0, b, e,
                new S("node_name=\"n1\",zone=\"package\",path=\"p\"", 24, 30),
                new S("node_name=\"n1\",zone=\"dram\",path=\"d\"", 4.8, 6),
                new S("node_name=\"n2\",zone=\"package\",path=\"p\"", 6, 6));
        counter(om, "energy4j_node_gpu_carbon_grams", t0, b, e,
                new S("node_name=\"n2\",gpu=\"0\",gpu_uuid=\"GPU-1\",zone=\"gpu0\",path=\"GPU-1\"", 20, 20));
        gauge(om, "kepler_node_cpu_usage_ratio", t0, b, e,
                new S("node_name=\"n1\"", 0.2, 0.3), new S("node_name=\"n2\"", 0.1, 0.2));
        gauge(om, "energy4j_grid_intensity_grams_per_kwh", t0, b, e,
                new S("node_name=\"n1\",grid_zone=\"alibaba:cn-hangzhou\",provider=\"embedded\"", 300, 300),
                new S("node_name=\"n2\",grid_zone=\"alibaba:cn-chengdu\",provider=\"embedded\"", 100, 100));
        om.append("# EOF\n");
        Path input = tmp.resolve("history.om");
        Files.writeString(input, om);
        Path tsdb = tmp.resolve("tsdb");
        Files.createDirectories(tsdb);
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                input.toString(), tsdb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), out);
        // backfilled blocks are older than the default 15 d retention: keep them
        prom = LocalPrometheus.start(prometheus, tmp, List.of("--storage.tsdb.retention.time=400d"));
        url = prom.url();
        for (int i = 0; i < 100; i++) {
            try {
                String r = prom.query("count(kepler_node_cpu_joules_total)", "&time=" + e);
                if (r.contains("\"4\"")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not load the backfilled blocks:\n" + prom.log());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prom != null) {
            prom.close();
        }
    }

    private static void counter(StringBuilder om, String family, long t0, long b, long e, S... series) {
        om.append("# TYPE ").append(family).append(" counter\n");
        for (S s : series) {
            for (long t = t0; t <= e; t += H) {
                long hoursBefore = (Math.min(t, b) - t0) / H;
                long hoursAfter = Math.max(0, t - b) / H;
                double v = 1000 + s.before() * hoursBefore + s.after() * hoursAfter;
                om.append(family).append("_total{").append(s.labels()).append("} ").append(v).append(' ').append(t)
                        .append('\n');
            }
        }
    }

    private static void gauge(StringBuilder om, String family, long t0, long b, long e, S... series) {
        om.append("# TYPE ").append(family).append(" gauge\n");
        for (S s : series) {
            // on the half hour, so that no sample sits on a period boundary
            for (long t = t0 + H / 2; t < e; t += H) {
                om.append(family).append('{').append(s.labels()).append("} ").append(t < b ? s.before() : s.after())
                        .append(' ').append(t).append('\n');
            }
        }
    }

    private static String report(String... args) {
        List<String> a = new ArrayList<>(List.of("report", "--prometheus", url, "--end",
                Long.toString(end.getEpochSecond())));
        a.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(a, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double num(Object v, String... path) {
        Object n = JsonTree.path(v, path);
        assertTrue(n instanceof BigDecimal, String.join(".", path) + " = " + n);
        return ((BigDecimal) n).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rows(Object doc, String field, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object r : (List<Object>) JsonTree.member(doc, field)) {
            out.put((String) JsonTree.member(r, key), r);
        }
        return out;
    }

    @Test
    void shouldGiveExactTotalsPerNamespaceAndZoneAndTheTrendFromSixtyDaysOfHistory() {
        Object doc = JsonTree.parse(report("--range", "30d", "--compare", "previous", "--format", "json")
                .getBytes(StandardCharsets.UTF_8));
        double eps = 1e-6;
        // current: n1 120 W x 720 h = 86.4 kWh; n2 (60 + 200) W x 720 h = 187.2 kWh
        assertEquals(273.6, num(doc, "summary", "kwh"), eps);
        assertEquals(25920 + 18720, num(doc, "summary", "co2eGrams"), eps);
        assertEquals(165.6, num(doc, "summary", "idleKwh"), eps);
        assertEquals(165.6 / 273.6, num(doc, "summary", "idleShare"), eps);
        assertEquals(100 * (1 - 165.6 / 273.6), num(doc, "summary", "efficiencyScore"), eps);
        assertEquals(0.25, num(doc, "summary", "cpuUtilisation"), eps);
        assertEquals(144.0, num(doc, "summary", "gpuKwh"), eps);
        assertEquals(0.25, num(doc, "summary", "gpuUtilisation"), eps);
        // previous: n1 96 W x 720 h = 69.12 kWh, n2 187.2 kWh
        assertEquals(256.32, num(doc, "previous", "summary", "kwh"), eps);
        assertEquals(20736 + 18720, num(doc, "previous", "summary", "co2eGrams"), eps);

        Map<String, Object> ns = rows(doc, "namespaces", "namespace");
        assertEquals(List.of("batch", "web", "(idle)", "(system, not in pods)"), List.copyOf(ns.keySet()));
        assertEquals(36.0, num(ns.get("web"), "kwh"), eps);
        assertEquals(10800, num(ns.get("web"), "co2eGrams"), eps);
        assertEquals(14.4, num(ns.get("web"), "previousKwh"), eps);
        assertEquals(64.8, num(ns.get("batch"), "kwh"), eps);
        assertEquals(4320 + 5040, num(ns.get("batch"), "co2eGrams"), eps);
        assertEquals(90.0, num(ns.get("batch"), "previousKwh"), eps);
        assertEquals(165.6, num(ns.get("(idle)"), "kwh"), eps);
        assertEquals(7.2, num(ns.get("(system, not in pods)"), "kwh"), eps);

        Map<String, Object> zones = rows(doc, "zones", "zone");
        assertEquals(187.2, num(zones.get("alibaba:cn-chengdu"), "kwh"), eps);
        assertEquals(86.4, num(zones.get("alibaba:cn-hangzhou"), "kwh"), eps);
        assertEquals(25920, num(zones.get("alibaba:cn-hangzhou"), "co2eGrams"), eps);

        Map<String, Object> rec = rows(doc, "recommendations", "id");
        assertEquals(List.of("consolidate", "idle-gpus", "greener-zone"), List.copyOf(rec.keySet()));
        assertEquals(165.6 * (1 - 0.25 / 0.6), num(rec.get("consolidate"), "savingsKwh"), eps);
        assertEquals(108.0, num(rec.get("idle-gpus"), "savingsKwh"), eps);
        assertEquals(86.4 * 200, num(rec.get("greener-zone"), "savingsCo2eGrams"), eps);
        assertTrue(JsonTree.string(doc, "", "provenance", "source").startsWith("http://127.0.0.1:"));
    }

    @Test
    void shouldPrintTheTrendAndRecommendationsAsMarkdownAndHtml() {
        String md = report("--range", "30d", "--compare", "previous");
        assertTrue(md.contains("| energy kWh | 256.320 | 273.600 | +6.7 % |"), md);
        assertTrue(md.contains("| CO2e kg | 39.456 | 44.640 | +13.1 % |"), md);
        assertTrue(md.contains("| web | 36.000 | 10.800 | +150.0 % |"), md);
        assertTrue(md.contains("**greener-zone**"), md);
        assertTrue(md.contains("kepler_node_cpu_joules_total{zone=~\"package|dram\"}"), md);
        String html = report("--range", "30d", "--format", "html");
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<td>web</td><td>36.000</td><td>10.800</td>"), html);
        assertTrue(!html.contains("<script"), html);
    }

    @Test
    void shouldExitTwoWithOneLineWhenTheRangeHoldsNoSeries() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("report", "--prometheus", url, "--end", Long.toString(end.getEpochSecond()
                - 400L * 24 * H), "--range", "1d"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("no kepler_node_cpu_joules_total series"), e);
    }
}
