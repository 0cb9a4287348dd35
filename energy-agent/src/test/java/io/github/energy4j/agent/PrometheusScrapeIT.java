package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code energy4j serve} with a real Prometheus server (Debian package {@code prometheus}) and checks
 * the exposition with {@code promtool check metrics}.
 */
class PrometheusScrapeIT {

    private static final long STEP_UJ = 500_000; // the fake package counter moves in 0.5 J steps

    @TempDir
    Path tmp;


    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldBeScrapedByPrometheusWithKeplerNamesAndValuesFromTheCounters() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        Path promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(prometheus != null && promtool != null, "needs the prometheus package (prometheus, promtool)");

        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        Files.copy(Path.of(PrometheusScrapeIT.class.getResource("/fixtures/cpuinfo/x86_64").toURI()),
                proc.resolve("cpuinfo"));
        // /proc/stat is staged and renamed into place, so a reader never sees it half written
        FakeProcfs stage = FakeProcfs.create(tmp.resolve("stage")).cpuTicks(9000, 0, 0, 3000, 0, 0, 0, 0);
        Files.copy(tmp.resolve("stage/stat"), proc.resolve("stat"), StandardCopyOption.REPLACE_EXISTING);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        long baseUj = 7_000_000;
        Path pkg = pc.pkg("0", "package-0", baseUj);
        AtomicLong written = new AtomicLong(baseUj);
        Thread writer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
                FakePowercap.energy(pkg, written.addAndGet(STEP_UJ));
                stage.advanceCpu(3, 1); // the node is 75 % busy in every interval
                try {
                    Files.copy(tmp.resolve("stage/stat"), proc.resolve("stat.new"), StandardCopyOption.REPLACE_EXISTING);
                    Files.move(proc.resolve("stat.new"), proc.resolve("stat"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        writer.setDaemon(true);
        writer.start();

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPrometheus prom = null;
        try (ServeCommand.Running agent = ServeCommand.start(List.of("--listen", "127.0.0.1:0", "--procfs",
                tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(), "--interval", "200ms",
                "--idle-policy", "none", "--node-name", "it-node"), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String exposition = LocalPrometheus.get("http://127.0.0.1:" + agent.port() + "/metrics");
            assertTrue(exposition.contains("kepler_node_cpu_joules_total{"), exposition);

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = check.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics: " + checkOut);

            prom = LocalPrometheus.start(prometheus, tmp,
                    "  - job_name: energy4j",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + agent.port() + "']");
            double scrapes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (scrapes < 2 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    List<double[]> r = values(prom.query("count_over_time(kepler_node_cpu_joules_total{zone=\"package\"}[5m])"));
                    scrapes = r.isEmpty() ? 0 : r.get(0)[0];
                } catch (IOException e) {
                    // Prometheus still starting
                }
            }
            assertTrue(scrapes >= 2, "Prometheus did not scrape twice; its log: " + prom.log());

            String body = prom.query("kepler_node_cpu_joules_total");
            assertTrue(body.contains("\"zone\":\"package\"") && body.contains("\"node_name\":\"it-node\"")
                    && body.contains("\"job\":\"energy4j\""), body);
            List<double[]> v = values(body);
            assertEquals(1, v.size(), body);
            double joules = v.get(0)[0];
            double max = (written.get() - baseUj) * 1e-6;
            assertTrue(joules > 0 && joules <= max + 1e-9, joules + " J not within (0, " + max + "]");
            double steps = joules / (STEP_UJ * 1e-6);
            assertEquals(Math.rint(steps), steps, 1e-6, "not a whole number of 0.5 J counter steps: " + joules);

            String build = prom.query("kepler_build_info");
            assertEquals(List.of(1.0), first(values(build)), build);
            // from the manifest of the jar the agent runs from; served from classes, there is none: unknown
            String version = io.github.energy4j.agent.serve.BuildInfo.current().version();
            assertTrue(build.contains("\"version\":\"" + version + "\"") && build.contains("\"revision\":\"unknown\"")
                    && build.contains("\"node_name\":\"it-node\""), build);
            String cpus = prom.query("count(kepler_node_cpu_info{vendor_id=\"GenuineIntel\","
                    + "model_name=\"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\"}) by (physical_id)");
            assertEquals(List.of(2.0, 2.0), first(values(cpus)), cpus);
            String ratio = prom.query("kepler_node_cpu_usage_ratio{node_name=\"it-node\"}");
            assertEquals(List.of(0.75), first(values(ratio)), ratio);

            List<double[]> self = values(prom.query("energy4j_snapshot_computations_total"));
            assertEquals(1, self.size());
            assertTrue(self.get(0)[0] >= 2, "one computation per scrape at least");
        } finally {
            writer.interrupt();
            if (prom != null) {
                prom.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldPassPromtoolWithProcessSeriesLabelledWithTheirExecutable() throws Exception {
        Path promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(promtool != null, "needs the prometheus package (promtool)");
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        Files.createSymbolicLink(proc.resolve("300/exe"), Path.of("/opt/app/bin/worker"));
        Files.copy(Path.of(PrometheusScrapeIT.class.getResource("/fixtures/cpuinfo/aarch64").toURI()),
                proc.resolve("cpuinfo"));
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
        try (ServeCommand.Running agent = ServeCommand.start(List.of("--listen", "127.0.0.1:0", "--procfs",
                proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--interval", "100ms",
                "--metrics-level", "node,container,pod,process", "--node-name", "it-node"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String exposition = "";
            long uj = 1_000_000;
            for (int i = 1; i <= 100 && !exposition.contains("kepler_process_cpu_joules_total{"); i++) {
                p.advanceCpu(10, 10).process(300, "worker", 10 + 5 * i, 0, 5);
                FakePowercap.energy(pkg, uj += 1_000_000);
                Thread.sleep(150);
                exposition = LocalPrometheus.get("http://127.0.0.1:" + agent.port() + "/metrics");
            }
            assertTrue(exposition.contains("exe=\"/opt/app/bin/worker\""), exposition);
            // arm64's cpuinfo has no vendor, model, socket or core lines: the labels are there, empty
            assertTrue(exposition.contains("kepler_node_cpu_info{core_id=\"\",model_name=\"\",node_name=\"it-node\","
                    + "physical_id=\"\",processor=\"1\",vendor_id=\"\"} 1\n"), exposition);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = check.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics: " + checkOut);
        }
    }

    @Test
    void shouldWriteTheProjectVersionIntoTheAgentJarManifest() throws Exception {
        Path jar = Path.of("target/energy4j.jar");
        Path pom = Path.of("target/maven-archiver/pom.properties");
        assumeTrue(Files.isRegularFile(jar) && Files.isRegularFile(pom), "needs the packaged jar (mvn verify)");
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(pom)) {
            props.load(in);
        }
        io.github.energy4j.agent.serve.BuildInfo b = io.github.energy4j.agent.serve.BuildInfo.ofJar(jar);
        assertEquals(props.getProperty("version"), b.version());
        assertEquals("unknown", b.revision(), "no revision is recorded by the build, so none is claimed");
    }

    /** The first value of each series. */
    private static List<Double> first(List<double[]> series) {
        List<Double> out = new ArrayList<>();
        for (double[] v : series) {
            out.add(v[0]);
        }
        return out;
    }

    /** The sample values of an instant-vector query answer, one array per series. */
    static List<double[]> values(String json) throws IOException {
        List<double[]> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "value".equals(p.currentName())) {
                    p.nextToken(); // [
                    p.nextToken(); // timestamp
                    p.nextToken(); // "value"
                    out.add(new double[] {Double.parseDouble(p.getText())});
                }
            }
        }
        return out;
    }
}
