package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.InetAddress;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void tree() {
        FakeProcfs.create(tmp.resolve("proc")).process(300, "worker", 10, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
    }

    private ServeCommand.Running serve(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--procfs", tmp.resolve("proc").toString(),
                "--sysfs", tmp.resolve("sys").toString(), "--node-name", "n1"));
        args.addAll(List.of(extra));
        return ServeCommand.start(args, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient c, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldExportTheGridIntensityWithItsZoneUnderBothNamings() throws Exception {
        for (String naming : List.of("kepler", "micrometer")) {
            try (ServeCommand.Running r = serve("--naming", naming, "--region", "alibaba:cn-chengdu")) {
                String body = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + r.port() + "/metrics").body();
                // Sichuan, MEE 2022: 0.1404 kg/kWh; PUE 1.2
                assertTrue(body.contains("energy4j_grid_intensity_grams_per_kwh{grid_zone=\"alibaba:cn-chengdu\","
                        + "node_name=\"n1\",provider=\"embedded\"} 140.4"), naming + "\n" + body);
                assertTrue(body.contains("energy4j_grid_pue{grid_zone=\"alibaba:cn-chengdu\",node_name=\"n1\","
                        + "provider=\"embedded\"} 1.2"), body);
            }
        }
        java.nio.file.Files.writeString(tmp.resolve("proc/meminfo"), "MemTotal:       1000 kB\nMemFree:  100 kB\n"
                + "MemAvailable:    600 kB\n");
        try (ServeCommand.Running r = serve()) {
            String body = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + r.port() + "/metrics").body();
            assertFalse(body.contains("energy4j_grid_intensity"), "no intensity configured, no gauge");
            assertTrue(body.contains("energy4j_node_memory_usage_ratio{node_name=\"n1\"} 0.4"), body);
        }
    }

    @Test
    void shouldComputeOneSnapshotForManyConcurrentScrapesWithinTheStalenessWindow() throws Exception {
        try (ServeCommand.Running r = serve("--interval", "30s")) {
            HttpClient c = HttpClient.newHttpClient();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<HttpResponse<String>>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<HttpResponse<String>> call = () -> get(c, "http://127.0.0.1:" + r.port() + "/metrics");
                fs.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> f : fs) {
                assertEquals(200, f.get().statusCode());
            }
            pool.shutdown();
            assertEquals(1, r.exporter().computations());
            String body = fs.get(0).get().body();
            assertTrue(body.contains("energy4j_snapshot_computations_total{node_name=\"n1\"} 1.0"), body);
        }
    }

    @Test
    void shouldExportContainersFromTheirCgroupCountersWhenProcessSeriesAreOff() throws Exception {
        String id = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).cgroup(300, "0::/user.slice\n");
        Path pkg = FakePowercap.create(sys).pkg("0", "package-0", 1_000_000);
        Path fs = sys.resolve("fs/cgroup");
        FakeProcfs.write(fs.resolve("cgroup.controllers"), "cpu memory\n");
        FakeProcfs.write(fs.resolve("cgroup.stat"), "nr_descendants 3\n");
        Path scope = fs.resolve("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                + "6a1f0b52_0c1d_4e5f_8a9b_0c1d2e3f4a5b.slice/cri-containerd-" + id + ".scope");
        FakeProcfs.write(scope.resolve("cpu.stat"), "usage_usec 1000000\n");
        try (ServeCommand.Running r = serve("--interval", "100ms", "--metrics-level", "node,container,pod")) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("attribution per container"), log.toString());
            HttpClient c = HttpClient.newHttpClient();
            String body = "";
            long usec = 1_000_000;
            long uj = 1_000_000;
            for (int i = 0; i < 100 && !hasPositiveContainerSeries(body, id); i++) {
                // the container uses about half of the node's busy time, and the package draws energy
                p.advanceCpu(20, 20);
                usec += 100_000;
                uj += 2_000_000;
                FakeProcfs.write(scope.resolve("cpu.stat"), "usage_usec " + usec + "\n");
                FakePowercap.energy(pkg, uj);
                Thread.sleep(150);
                body = get(c, "http://127.0.0.1:" + r.port() + "/metrics").body();
            }
            assertTrue(hasPositiveContainerSeries(body, id), body);
            assertFalse(body.contains("kepler_process_"), "process series are off: " + body);
        }
    }

    private static boolean hasPositiveContainerSeries(String body, String id) {
        for (String line : body.split("\n")) {
            if (line.startsWith("kepler_container_cpu_joules_total{") && line.contains("container_id=\"" + id + "\"")
                    && line.contains("state=\"running\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0;
            }
        }
        return false;
    }

    @Test
    void shouldEmitKeplersBuildInfoCpuInfoCpuUsageRatioAndProcessExecutables() throws Exception {
        Path proc = tmp.resolve("proc");
        Files.copy(Path.of(ServeTest.class.getResource("/fixtures/cpuinfo/x86_64").toURI()), proc.resolve("cpuinfo"));
        Files.createSymbolicLink(proc.resolve("300/exe"), Path.of("/usr/local/bin/worker"));
        FakeProcfs p = FakeProcfs.create(proc).cpus(4).cpuTicks(4000, 0, 0, 4000, 0, 0, 0, 0)
                .process(300, "worker", 10, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
        try (ServeCommand.Running r = serve("--interval", "100ms", "--metrics-level", "node,process")) {
            HttpClient c = HttpClient.newHttpClient();
            String body = "";
            long uj = 1_000_000;
            for (int i = 1; i <= 100 && !body.contains("kepler_process_cpu_joules_total{"); i++) {
                // between two scrapes the node is always 3 parts busy to 1 part idle
                p.advanceCpu(30, 10).process(300, "worker", 10 + 5 * i, 0, 5);
                FakePowercap.energy(pkg, uj += 1_000_000);
                Thread.sleep(150);
                body = get(c, "http://127.0.0.1:" + r.port() + "/metrics").body();
            }
            assertTrue(body.contains("\nkepler_node_cpu_usage_ratio{node_name=\"n1\"} 0.75\n"), body);

            String model = "model_name=\"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\"";
            assertEquals(4, body.lines().filter(l -> l.startsWith("kepler_node_cpu_info{")).count(), body);
            assertTrue(body.contains("kepler_node_cpu_info{core_id=\"0\"," + model + ",node_name=\"n1\","
                    + "physical_id=\"1\",processor=\"3\",vendor_id=\"GenuineIntel\"} 1\n"), body);
            assertTrue(body.contains("# TYPE kepler_build_info gauge\n"), body);
            // run from classes, not the jar: no manifest, so the version is unknown rather than made up
            assertTrue(body.contains("kepler_build_info{arch=\"" + serve_arch() + "\",branch=\"unknown\","
                    + "goversion=\"\",javaversion=\"" + Runtime.version() + "\",node_name=\"n1\","
                    + "revision=\"unknown\",version=\"unknown\"} 1\n"), body);

            String proc300 = body.lines().filter(l -> l.startsWith("kepler_process_cpu_joules_total{")
                    && l.contains("pid=\"300\"")).findFirst().orElse("");
            assertTrue(proc300.contains("exe=\"/usr/local/bin/worker\"") && proc300.contains("vm_id=\"\"")
                    && proc300.contains("comm=\"worker\"") && proc300.contains("type=\"regular\""), body);
            assertTrue(Double.parseDouble(proc300.substring(proc300.lastIndexOf(' ') + 1)) > 0, proc300);
        }
    }

    @Test
    void shouldSplitNodeEnergyByTheCpuUsageRatioByDefaultUnderKeplerNaming() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).cpus(4).cpuTicks(4000, 0, 0, 4000, 0, 0, 0, 0)
                .process(300, "worker", 10, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
        try (ServeCommand.Running r = serve("--interval", "100ms", "--metrics-level", "node,process")) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("idle policy usage-ratio"), log.toString());
            HttpClient c = HttpClient.newHttpClient();
            long uj = 1_000_000;
            double total = 0;
            double active = 0;
            for (int i = 1; i <= 100 && total < 5; i++) {
                // the node is 1 part busy to 3 parts idle, all of it the worker's
                p.advanceCpu(10, 30).process(300, "worker", 10 + 10 * i, 0, 5);
                FakePowercap.energy(pkg, uj += 1_000_000);
                Thread.sleep(150);
                String body = get(c, "http://127.0.0.1:" + r.port() + "/metrics").body();
                total = sample(body, "kepler_node_cpu_joules_total{");
                active = sample(body, "kepler_node_cpu_active_joules_total{");
            }
            assertTrue(total >= 5, "energy counted: " + total);
            // constant power: min-observed would call nearly all of it idle, none all of it active;
            // Kepler's rule makes a quarter active
            assertEquals(0.25, active / total, 0.05, active + " of " + total + " J active");
        }
        log.reset();
        try (ServeCommand.Running r = serve("--naming", "micrometer")) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("idle policy auto"), log.toString());
        }
        log.reset();
        try (ServeCommand.Running r = serve("--idle-policy", "min-observed")) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("idle policy min-observed"), log.toString());
        }
    }

    @Test
    void shouldStartFromKeplersConfigFileAndFlagsAndExportAVm() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).cpus(4).cpuTicks(4000, 0, 0, 4000, 0, 0, 0, 0)
                .process(320, "qemu-system-x86", 10, 0, 7);
        Files.write(proc.resolve("320/cmdline"), ("/usr/bin/qemu-system-x86_64\0-name\0guest=guest1,debug-threads=on"
                + "\0-uuid\0c0ffee00-0000-4000-8000-000000000320\0").getBytes(StandardCharsets.UTF_8));
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
        Path config = tmp.resolve("kepler.yaml");
        Files.writeString(config, String.join("\n",
                "monitor:",
                "  interval: 5s",
                "host:",
                "  procfs: " + proc,
                "  sysfs: " + tmp.resolve("sys"),
                "exporter:",
                "  prometheus:",
                "    metricsLevel:",
                "      - node",
                "      - vm",
                "web:",
                "  listenAddresses:",
                "    - 127.0.0.1:0",
                "kube:",
                "  enabled: false",
                "  nodeName: kn",
                "debug:",
                "  pprof:",
                "    enabled: true",
                ""));
        try (ServeCommand.Running r = ServeCommand.start(List.of("--config.file", config.toString(),
                "--monitor.interval=100ms"), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String err = log.toString(StandardCharsets.UTF_8);
            assertTrue(err.contains("every 100 ms") && err.contains("levels [NODE, VM]"), "the flag overrides the "
                    + "file's interval: " + err);
            assertTrue(err.contains("ignoring Kepler settings energy4j has no equivalent for: debug.pprof.enabled"),
                    err);
            HttpClient c = HttpClient.newHttpClient();
            long uj = 1_000_000;
            String body = "";
            List<String> vm = List.of("hypervisor=\"kvm\"", "node_name=\"kn\"", "state=\"running\"",
                    "vm_id=\"c0ffee00-0000-4000-8000-000000000320\"", "vm_name=\"guest1\"", "zone=\"package\"");
            for (int i = 1; i <= 100 && vmJoules(body, vm) <= 0; i++) {
                p.advanceCpu(10, 30).process(320, "qemu-system-x86", 10 + 10 * i, 0, 7);
                FakePowercap.energy(pkg, uj += 1_000_000);
                Thread.sleep(150);
                body = get(c, "http://127.0.0.1:" + r.port() + "/metrics").body();
            }
            assertTrue(vmJoules(body, vm) > 0, body);
            assertFalse(body.contains("kepler_process_") || body.contains("kepler_pod_"),
                    "only the file's levels: " + body);
        }
    }

    private static double vmJoules(String body, List<String> labels) {
        for (String line : body.split("\n")) {
            if (line.startsWith("kepler_vm_cpu_joules_total{") && labels.stream().allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static double sample(String body, String prefix) {
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static String serve_arch() {
        String a = System.getProperty("os.arch");
        return a.equals("aarch64") ? "arm64" : a.equals("x86_64") ? "amd64" : a;
    }

    @Test
    void shouldNegotiateOpenMetricsFromTheAcceptHeader() throws Exception {
        try (ServeCommand.Running r = serve()) {
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> om = get(c, "http://127.0.0.1:" + r.port() + "/metrics", "Accept",
                    "application/openmetrics-text; version=1.0.0");
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(om.body().strip().endsWith("# EOF"), om.body());
            HttpResponse<String> text = get(c, "http://127.0.0.1:" + r.port() + "/metrics");
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertFalse(text.body().contains("# EOF"));
        }
    }

    @Test
    void shouldEmitMicrometerNamesWhenAsked() throws Exception {
        try (ServeCommand.Running r = serve("--naming", "micrometer")) {
            String body = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + r.port() + "/metrics").body();
            assertTrue(body.contains("energy_node_joules_total{domain=\"package\",node_name=\"n1\","
                    + "provenance=\"measured\",source=\"rapl\",zone=\"package-0\"}"), body);
            assertFalse(body.contains("energy_consumed"), "the name that mixed node and process series is gone");
            assertFalse(body.contains("kepler_"), body);
        }
    }

    @Test
    void shouldRejectScrapesWithoutTheRightPasswordButServeHealthz() throws Exception {
        Path users = tmp.resolve("users");
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("s3cret".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(users, "# scrapers\nprom:sha256:" + hash + "\n");
        try (ServeCommand.Running r = serve("--basic-auth-file", users.toString())) {
            HttpClient c = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + r.port();
            assertEquals(401, get(c, url + "/metrics").statusCode());
            assertEquals(401, get(c, url + "/metrics", "Authorization", basic("prom", "wrong")).statusCode());
            assertEquals(401, get(c, url + "/metrics", "Authorization", basic("other", "s3cret")).statusCode());
            HttpResponse<String> ok = get(c, url + "/metrics", "Authorization", basic("prom", "s3cret"));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("kepler_node_cpu_joules_total"));
            assertEquals(200, get(c, url + "/healthz").statusCode());
        }
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("s3cret"));
        assertFalse(log.toString(StandardCharsets.UTF_8).contains(hash));
    }

    @Test
    void shouldServeHttpsWithAPemCertificateAndPkcs8Key() throws Exception {
        Path cert = fixture("cert.pem");
        Path key = fixture("key.pem");
        try (ServeCommand.Running r = serve("--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(cert)) {
                trust.setCertificateEntry("agent", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient c = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> resp = get(c, "https://127.0.0.1:" + r.port() + "/metrics");
            assertEquals(200, resp.statusCode());
            assertTrue(resp.body().contains("kepler_node_cpu_joules_total"));
        }
    }

    @Test
    void shouldExplainHowToConvertASec1KeyInOneLine() throws Exception {
        CliTest.Result r = CliTest.run("serve", "--listen", "127.0.0.1:0", "--procfs", tmp.resolve("proc").toString(),
                "--tls-cert", fixture("cert.pem").toString(), "--tls-key", fixture("key-sec1.pem").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("openssl pkcs8 -topk8 -nocrypt"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("BEGIN"), r.err());
    }

    @Test
    void shouldSayThePortIsInUseInOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliTest.Result r = CliTest.run("serve", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--procfs",
                    tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(ServeTest.class.getResource("/fixtures/tls/" + name).toURI());
    }
}
