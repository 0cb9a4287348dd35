package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query the deploy files ship (PrometheusRule alerts, Grafana panels and variables) against what the
 * agent really exports: a node with RAPL package, dram and psys zones, one GPU (the NVML stand-in library,
 * through the real JNA path), one container of a named pod (the pod list from a loopback kubelet), scraped
 * by a real Prometheus. Statically, each {@code kepler_*}/{@code energy4j_*} name, each label a query
 * matches, groups by or prints, and each zone value it selects must be in the exposition; then each panel
 * query and each alert expression (without its threshold) must give series in Prometheus, and the alert
 * rules must pass {@code promtool check rules}. The over-provisioned-pod alert joins cAdvisor and
 * kube-state-metrics series, which a second loopback target serves here, so it is evaluated whole.
 */
class MonitoringQueriesIT {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final String CONTAINER = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    private static final String POD_UID = "6a1f0b52-0c1d-4e5f-8a9b-0c1d2e3f4a5b";
    /** Series the rules read from other exporters (cAdvisor, kube-state-metrics), not from energy4j. */
    private static final Set<String> EXTERNAL = Set.of("container_cpu_usage_seconds_total",
            "kube_pod_container_resource_requests");
    private static final Pattern OUR_SELECTOR = Pattern.compile("\\b((?:kepler|energy4j)_[a-z0-9_]+)\\b(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|without|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_REPLACE_DST = Pattern.compile("\"([a-zA-Z_][a-zA-Z0-9_]*)\",\\s*\"\\$1\"");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\{\\{\\s*\\$labels\\.([a-zA-Z0-9_]+)\\s*}}");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_]+)\\s*}}");

    @TempDir
    Path tmp;


    /** A query the deploy files ship, where it comes from, and the labels it prints. */
    record Query(String where, String expr, Set<String> printed) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFindEverySeriesAndLabelTheRulesAndDashboardUseInARealExposition() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        Path promtool = Binaries.find("promtool").orElse(null);
        Path gcc = Binaries.find("gcc").orElse(null);
        assumeTrue(prometheus != null && promtool != null && gcc != null,
                "needs the prometheus package (prometheus, promtool) and gcc for the NVML stand-in");

        List<Query> rules = ruleQueries();
        List<Query> panels = dashboardQueries();
        List<String> variables = dashboardVariables();
        assertTrue(rules.size() >= 4 && panels.size() >= 10 && variables.size() >= 2,
                rules + "\n" + panels + "\n" + variables);

        // promtool on the rule groups (the PrometheusRule's spec is a rule file)
        Path ruleFile = tmp.resolve("rules.yml");
        String crd = Files.readString(DEPLOY.resolve("kubernetes/monitoring/prometheusrule.yaml"));
        String spec = crd.substring(crd.indexOf("\nspec:\n") + "\nspec:\n".length());
        StringBuilder rf = new StringBuilder();
        for (String line : spec.split("\n", -1)) {
            rf.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
        }
        Files.writeString(ruleFile, rf.toString());
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", ruleFile.toString())
                .redirectErrorStream(true).start();
        String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), "promtool check rules: " + checkOut);

        Node node = new Node(tmp);
        HttpServer kubelet = kubelet();
        HttpServer others = otherExporters();
        LocalPrometheus prom = null;
        // a child JVM, as the agent runs; the NVML stand-in reads its scenario from the environment there
        int agentPort = LocalPrometheus.freePort();
        Path agentLog = tmp.resolve("agent.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--listen", "127.0.0.1:" + agentPort,
                "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(),
                "--interval", "200ms", "--node-name", "it-node", "--source", "rapl,nvml", "--idle-policy", "none",
                "--country", "FR", // the carbon row of the dashboard
                "--config", "nvml.library=" + node.nvml, "--config", "k8s.podSource=kubelet",
                "--config", "k8s.kubeletUrl=http://127.0.0.1:" + kubelet.getAddress().getPort() + "/pods",
                "--config", "k8s.tokenFile=" + node.token, "--config", "k8s.refreshInterval=1s")
                .redirectErrorStream(true).redirectOutput(agentLog.toFile());
        pb.environment().put("NVML_STUB_SCENARIO", node.scenario.toString());
        Process agent = pb.start();
        try {
            prom = LocalPrometheus.start(prometheus, tmp,
                    "  - job_name: energy4j",
                    "    honor_labels: true",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + agentPort + "']",
                    "  - job_name: others",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + others.getAddress().getPort() + "']");

            // enough samples of every level for rate(): pods with their names, GPUs, several scrapes
            String ready = "count_over_time(kepler_pod_cpu_joules_total{pod_name=\"web-7d9\"}[5m]) >= 4 "
                    + "and on() count_over_time(kepler_node_gpu_joules_total[5m]) >= 4";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<Map<String, String>> r = List.of();
            while (r.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    r = series(prom.query(ready));
                } catch (IOException e) {
                    // Prometheus still starting
                }
            }
            assertFalse(r.isEmpty(), "no named pod and GPU series scraped; agent log:\n" + Files.readString(agentLog)
                    + "\nPrometheus log:\n" + prom.log());

            Exposition exposition = Exposition.parse(LocalPrometheus.get("http://127.0.0.1:" + agentPort + "/metrics"));
            // Kepler's GPU labels, the product name asked of NVML at start
            assertEquals(Set.of("Stub H100"), exposition.values.get("kepler_node_gpu_info/gpu_name"),
                    exposition.labels.get("kepler_node_gpu_info") + "");
            assertEquals(Set.of("GPU-cccccccc-1111-2222-3333-444444444444"),
                    exposition.values.get("kepler_node_gpu_watts/gpu_uuid"));
            assertEquals(Set.of("nvidia"), exposition.values.get("kepler_node_gpu_watts/vendor"));
            List<String> problems = new ArrayList<>();
            for (Query q : concat(rules, panels)) {
                problems.addAll(staticProblems(q, exposition));
            }
            for (String v : variables) {
                problems.addAll(staticProblems(new Query("variable " + v, v, Set.of()), exposition));
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nexposition names: "
                    + exposition.labels.keySet());

            for (Query q : panels) {
                String expr = q.expr().replace("$node", ".*").replace("$namespace", ".*")
                        .replace("$__rate_interval", "10s").replace("$__range", "1m");
                List<Map<String, String>> got = series(prom.query(expr));
                assertFalse(got.isEmpty(), q.where() + " gives no series: " + expr);
                for (Map<String, String> s : got) {
                    assertTrue(s.keySet().containsAll(q.printed()), q.where() + " prints " + q.printed()
                            + " but a series has only " + s);
                }
            }
            for (String v : variables) {
                Matcher m = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)").matcher(v);
                assertTrue(m.matches(), v);
                String values = prom.api("label/" + m.group(2) + "/values?match[]=" + LocalPrometheus.enc(m.group(1)));
                assertTrue(values.contains("\"data\":[\""), v + " has no values: " + values);
            }
            for (Query q : rules) {
                String expr = withoutThreshold(q.expr());
                List<Map<String, String>> got = series(prom.query(expr));
                assertFalse(got.isEmpty(), q.where() + " gives no series even without its threshold: " + expr);
                for (Map<String, String> s : got) {
                    assertTrue(s.keySet().containsAll(q.printed()), q.where() + " prints " + q.printed()
                            + " but a series has only " + s);
                }
            }

            // each joule once: package + dram, never psys on top (it contains both), at node and at pod level
            String at = "&time=" + System.currentTimeMillis() / 1000;
            double psys = value(prom.query("sum(kepler_node_cpu_watts{zone=\"psys\"})", at));
            assertTrue(psys > 0, "the fake node has a psys zone: " + psys + " W");
            Map<String, String> reference = Map.of(
                    "Node CPU power", "sum(kepler_node_cpu_watts{zone=~\"package|dram\"})",
                    "Energy in range", "sum(increase(kepler_node_cpu_joules_total{zone=~\"package|dram\"}[1m])) / 3.6e6",
                    "Top pods by CPU power", "sum(kepler_pod_cpu_watts{zone=~\"package|dram\"})",
                    "Energy by namespace (per hour)",
                    "sum(increase(kepler_pod_cpu_joules_total{zone=~\"package|dram\"}[1h])) / 3.6e6",
                    "Active vs idle CPU power",
                    "sum(rate(kepler_node_cpu_active_joules_total{zone=~\"package|dram\"}[10s]))");
            for (Map.Entry<String, String> e : reference.entrySet()) {
                Query panel = panels.stream().filter(q -> q.where().startsWith("panel \"" + e.getKey() + "\" "))
                        .findFirst().orElseThrow(() -> new AssertionError("no panel " + e.getKey()));
                String expr = panel.expr().replace("$node", ".*").replace("$namespace", ".*")
                        .replace("$__rate_interval", "10s").replace("$__range", "1m");
                List<double[]> ref = PrometheusScrapeIT.values(prom.query(e.getValue(), at));
                assertEquals(1, ref.size(), e.getValue());
                double want = ref.get(0)[0];
                assertTrue(want > 0, e.getValue() + " = " + want);
                assertEquals(want, value(prom.query(expr, at)), want * 1e-9,
                        panel.where() + " does not count each joule once: " + expr);
            }
        } finally {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
            node.stop();
            kubelet.stop(0);
            others.stop(0);
            if (prom != null) {
                prom.close();
            }
        }
    }

    /** The checks that need no Prometheus: names, label keys and zone values against the exposition. */
    static List<String> staticProblems(Query q, Exposition e) {
        List<String> out = new ArrayList<>();
        Set<String> available = new TreeSet<>(Set.of("namespace", "pod", "container", "resource"));
        Matcher lr = LABEL_REPLACE_DST.matcher(q.expr());
        while (lr.find()) {
            available.add(lr.group(1));
        }
        boolean ours = false;
        Matcher m = OUR_SELECTOR.matcher(q.expr());
        while (m.find()) {
            String name = m.group(1);
            ours = true;
            Set<String> keys = e.labels.get(name);
            if (keys == null) {
                out.add(q.where() + ": " + name + " is not exported");
                continue;
            }
            available.addAll(keys);
            if (m.group(3) == null) {
                continue;
            }
            Matcher mm = MATCHER.matcher(m.group(3));
            while (mm.find()) {
                String label = mm.group(1);
                if (!keys.contains(label)) {
                    out.add(q.where() + ": " + name + " has no label " + label + " (it has " + keys + ")");
                } else if (label.equals("zone")) {
                    for (String zone : mm.group(3).split("\\|")) {
                        if (!zoneTags().contains(zone)) {
                            out.add(q.where() + ": zone \"" + zone + "\" is not a zone the agent names " + zoneTags());
                        }
                    }
                } else if (!mm.group(3).contains("$") && mm.group(2).equals("=")
                        && !e.values.getOrDefault(name + "/" + label, Set.of()).contains(mm.group(3))) {
                    out.add(q.where() + ": " + name + "{" + label + "=\"" + mm.group(3) + "\"} matches nothing in "
                            + e.values.get(name + "/" + label));
                }
            }
        }
        Matcher other = Pattern.compile("\\b([a-z][a-z0-9_]*_(?:total|seconds|requests|watts|joules))\\b")
                .matcher(q.expr());
        while (other.find()) {
            if (!other.group(1).startsWith("kepler_") && !other.group(1).startsWith("energy4j_")
                    && !EXTERNAL.contains(other.group(1))) {
                out.add(q.where() + ": " + other.group(1) + " is neither an energy4j series nor a known external one");
            }
        }
        if (!ours) {
            out.add(q.where() + ": uses no energy4j series");
        }
        Matcher g = GROUPING.matcher(q.expr());
        while (g.find()) {
            for (String label : g.group(1).split(",")) {
                String l = label.strip();
                if (!l.isEmpty() && !available.contains(l)) {
                    out.add(q.where() + ": groups by " + l + ", which none of its series has (" + available + ")");
                }
            }
        }
        for (String l : q.printed()) {
            if (!available.contains(l)) {
                out.add(q.where() + ": prints {{" + l + "}}, which none of its series has");
            }
        }
        return out;
    }

    private static Set<String> zoneTags() {
        Set<String> tags = new TreeSet<>();
        for (Zone.Domain d : Zone.Domain.values()) {
            tags.add(d.tag());
        }
        return tags;
    }

    /**
     * Drops the thresholds ({@code > 0.9}, {@code < 0.2}) so that the expression's series show whatever their
     * value: a few seconds of data cannot make an alert over {@code rate(...[1h])} fire.
     */
    static String withoutThreshold(String expr) {
        // every comparison with a constant that ends an operand (before a comma, a line break or the end); a join
        // (and on) then shows whether its two sides share the labels it joins on
        return expr.strip().replaceAll("\\s*[<>]=?\\s*[0-9.]+(?=\\s*(,|\\n|$))", "");
    }

    /** The alert expressions of the PrometheusRule, with the labels their annotations print. */
    static List<Query> ruleQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(DEPLOY.resolve("kubernetes/monitoring/prometheusrule.yaml"));
        String alert = null;
        Query pending = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            if (t.startsWith("- alert:")) {
                if (pending != null) {
                    out.add(pending);
                }
                alert = t.substring("- alert:".length()).strip();
                pending = null;
            } else if (t.startsWith("expr:")) {
                String inline = t.substring("expr:".length()).strip();
                StringBuilder expr = new StringBuilder();
                if (inline.equals("|")) {
                    int indent = -1;
                    while (i + 1 < lines.size()) {
                        String next = lines.get(i + 1);
                        int ind = next.length() - next.stripLeading().length();
                        if (next.isBlank() || (indent >= 0 && ind < indent)
                                || (indent < 0 && ind <= line.length() - line.stripLeading().length())) {
                            break;
                        }
                        if (indent < 0) {
                            indent = ind;
                        }
                        expr.append(next.substring(indent)).append('\n');
                        i++;
                    }
                } else {
                    expr.append(inline);
                }
                pending = new Query("alert " + alert, expr.toString().strip(), new LinkedHashSet<>());
            } else if (pending != null && (t.startsWith("summary:") || t.startsWith("description:"))) {
                Matcher m = TEMPLATE_LABEL.matcher(t);
                while (m.find()) {
                    pending.printed().add(m.group(1));
                }
            }
        }
        if (pending != null) {
            out.add(pending);
        }
        return out;
    }

    /** Every panel target of the Grafana dashboard, with the labels its legend prints. */
    static List<Query> dashboardQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(DEPLOY.resolve("grafana/energy4j-dashboard.json").toFile())) {
            String title = null;
            String expr = null;
            String legend = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    if (f.equals("title") && p.getParsingContext().getParent() != null
                            && p.getParsingContext().getParent().inArray()) {
                        p.nextToken();
                        title = p.getText();
                    } else if (f.equals("expr")) {
                        p.nextToken();
                        expr = p.getText();
                    } else if (f.equals("legendFormat")) {
                        p.nextToken();
                        legend = p.getText();
                    }
                } else if (p.currentToken() == JsonToken.END_OBJECT && expr != null) {
                    Set<String> printed = new LinkedHashSet<>();
                    if (legend != null) {
                        Matcher m = LEGEND_LABEL.matcher(legend);
                        while (m.find()) {
                            printed.add(m.group(1));
                        }
                    }
                    out.add(new Query("panel \"" + title + "\" query " + (out.size() + 1), expr, printed));
                    expr = null;
                    legend = null;
                }
            }
        }
        return out;
    }

    /** The {@code label_values(...)} queries of the dashboard's variables. */
    static List<String> dashboardVariables() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"query\":\\s*\"(label_values\\([^\"]*\\))\"")
                .matcher(Files.readString(DEPLOY.resolve("grafana/energy4j-dashboard.json")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Metric names with the label keys (non-empty values only, as Prometheus stores them) and values. */
    static final class Exposition {
        final Map<String, Set<String>> labels = new LinkedHashMap<>();
        final Map<String, Set<String>> values = new HashMap<>();

        static Exposition parse(String text) {
            Exposition e = new Exposition();
            Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
                Set<String> keys = e.labels.computeIfAbsent(name, k -> new TreeSet<>());
                if (brace >= 0 && brace < space) {
                    Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}')));
                    while (m.find()) {
                        if (!m.group(2).isEmpty()) {
                            keys.add(m.group(1));
                            e.values.computeIfAbsent(name + "/" + m.group(1), k -> new TreeSet<>()).add(m.group(2));
                        }
                    }
                }
            }
            return e;
        }
    }

    /** Fake node: RAPL package 10 W, dram 1 W, psys 15 W; one GPU; pid 300 in a pod's container, busy. */
    static final class Node {
        final Path nvml;
        final Path token;
        final Path scenario;
        private final Thread writer;

        Node(Path tmp) throws Exception {
            Path proc = tmp.resolve("proc");
            Path sys = tmp.resolve("sys");
            FakeProcfs p = FakeProcfs.create(proc).process(300, "web", 10, 0, 5).process(301, "sshd", 1, 0, 6);
            // for energy4j_node_memory_usage_ratio (the low-utilisation alert joins it)
            Files.copy(Path.of(MonitoringQueriesIT.class.getResource("/fixtures/meminfo/linux-6.1").toURI()),
                    proc.resolve("meminfo"));
            p.cgroup(300, "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                    + POD_UID.replace('-', '_') + ".slice/cri-containerd-" + CONTAINER + ".scope\n");
            p.cgroup(301, "0::/system.slice/ssh.service\n");
            FakePowercap pc = FakePowercap.create(sys);
            Path pkg = pc.pkg("0", "package-0", 0);
            Path dram = pc.zone("intel-rapl", "0:0", "dram", 0, FakePowercap.INTEL_RANGE_UJ, 0);
            Path psys = pc.pkg("1", "psys", 0);
            nvml = compileNvmlStandIn(tmp);
            scenario = tmp.resolve("nvml-scenario.txt");
            Files.writeString(scenario, String.join("\n", "count=1", "0.name=Stub H100",
                    "0.uuid=GPU-cccccccc-1111-2222-3333-444444444444", "0.arch=9", "0.energy.start=1000000",
                    "0.energy.step=20", "0.limit=700000", "0.power=100000", "0.procs=300:1048576",
                    "0.procutil=300:10", ""));
            token = tmp.resolve("token");
            Files.writeString(token, "test-token\n");
            writer = new Thread(() -> {
                long uj = 0;
                for (long i = 1; !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    uj += 1_000_000;
                    p.advanceCpu(10, 10).process(300, "web", 10 + 5 * i, 0, 5).process(301, "sshd", 1 + i, 0, 6);
                    FakePowercap.energy(pkg, uj);
                    FakePowercap.energy(dram, uj / 10);
                    FakePowercap.energy(psys, uj * 3 / 2);
                }
            }, "fake-node");
            writer.setDaemon(true);
            writer.start();
        }

        void stop() {
            writer.interrupt();
        }

        private static Path compileNvmlStandIn(Path tmp) throws Exception {
            Path src = Path.of("..", "energy-nvml", "src", "test", "c", "nvml_stub.c");
            Path lib = tmp.resolve("libnvidia-ml-stub.so");
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), src.toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc builds the NVML stand-in");
            return lib.toAbsolutePath();
        }
    }

    /** A kubelet {@code /pods} endpoint naming the container's pod. */
    private static HttpServer kubelet() throws IOException {
        String pods = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[{"
                + "\"metadata\":{\"name\":\"web-7d9\",\"namespace\":\"shop\",\"uid\":\"" + POD_UID + "\"},"
                + "\"spec\":{\"nodeName\":\"it-node\",\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"2\"}}}]},"
                + "\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"containerID\":\"containerd://" + CONTAINER + "\"}]}}]}";
        return serve("/pods", "application/json", pods);
    }

    /**
     * cAdvisor's and kube-state-metrics' series for the same pod: it uses 0.1 of the 2 CPUs it requests, which
     * the over-provisioned-pod alert is about.
     */
    private static HttpServer otherExporters() throws IOException {
        long start = System.nanoTime();
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        s.createContext("/metrics", ex -> {
            double used = (System.nanoTime() - start) * 1e-9 * 0.1;
            String body = "# TYPE container_cpu_usage_seconds_total counter\n"
                    + "container_cpu_usage_seconds_total{namespace=\"shop\",pod=\"web-7d9\",container=\"app\"} " + used
                    + "\n# TYPE kube_pod_container_resource_requests gauge\n"
                    + "kube_pod_container_resource_requests{namespace=\"shop\",pod=\"web-7d9\",container=\"app\","
                    + "resource=\"cpu\",unit=\"core\"} 2\n";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        s.start();
        return s;
    }

    private static HttpServer serve(String path, String type, String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        s.createContext(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        s.start();
        return s;
    }

    /** The label sets of an instant-vector answer. */
    static List<Map<String, String>> series(String json) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "metric".equals(p.currentName())) {
                    p.nextToken();
                    Map<String, String> labels = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        labels.put(k, p.getText());
                    }
                    out.add(labels);
                }
            }
        }
        return out;
    }

    /** The single value of a one-series answer. */
    static double value(String json) throws IOException {
        List<double[]> v = PrometheusScrapeIT.values(json);
        assertEquals(1, v.size(), json);
        return v.get(0)[0];
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
