package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle split and per-pod CO2e end to end: {@code serve} on a fake node (4 CPUs, RAPL package and dram) whose
 * pods come from a loopback API server (pod list, watch, and the Node object with 3500 m allocatable of 4 CPUs),
 * scraped by a real Prometheus. The web pod requests 1 CPU, a batch pod 500 m and runs nothing.
 *
 * <p>Expected, exactly (to rounding): between two evaluation times the web pod's idle joules grow by 1000 / 3500
 * of the node's idle joules; its CO2e by (its attributed joules + its idle joules) × 360 g/kWh × PUE; at any time
 * Σ pods' idle + the unrequested remainder = the node's idle energy.
 */
class PodCarbonIT {

    private static final String CONTAINER = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    private static final String POD_UID = "6a1f0b52-0c1d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String BATCH_UID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private static final double REL = 1e-9;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldExportEachPodsIdleShareByRequestOverAllocatableAndItsCo2e() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        assumeTrue(prometheus != null, "needs the prometheus package");

        FakeProcfs p = FakeProcfs.create(tmp.resolve("proc")).cpus(4).process(300, "web", 10, 0, 5)
                .process(301, "sshd", 1, 0, 6);
        p.cgroup(300, "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + POD_UID.replace('-', '_') + ".slice/cri-containerd-" + CONTAINER + ".scope\n");
        p.cgroup(301, "0::/system.slice/ssh.service\n");
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = pc.pkg("0", "package-0", 0);
        Path dram = pc.zone("intel-rapl", "0:0", "dram", 0, FakePowercap.INTEL_RANGE_UJ, 0);
        Thread writer = new Thread(() -> {
            long uj = 0;
            for (long i = 1; !Thread.currentThread().isInterrupted(); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                uj += 2_000_000;
                p.advanceCpu(10, 30).process(300, "web", 10 + 6 * i, 0, 5).process(301, "sshd", 1 + i, 0, 6);
                FakePowercap.energy(pkg, uj);
                FakePowercap.energy(dram, uj / 10);
            }
        }, "fake-node");
        writer.setDaemon(true);
        HttpServer api = apiServer();
        Path token = tmp.resolve("token");
        Files.writeString(token, "it-token\n");
        writer.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPrometheus prom = null;
        try (ServeCommand.Running agent = ServeCommand.start(List.of("--listen", "127.0.0.1:0",
                "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(),
                "--interval", "200ms", "--node-name", "it-node", "--source", "rapl", "--intensity", "360",
                "--config", "k8s.podSource=apiserver", "--config", "k8s.nodeName=it-node",
                "--config", "k8s.apiServerUrl=http://127.0.0.1:" + api.getAddress().getPort(),
                "--config", "k8s.tokenFile=" + token),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            prom = LocalPrometheus.start(prometheus, tmp,
                    "  - job_name: energy4j",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + agent.port() + "']");
            String ready = "count_over_time(energy4j_pod_idle_joules_total{pod_name=\"web-7d9\",zone=\"package\"}[5m])"
                    + " >= 6 and on() energy4j_node_allocatable_cpu_millicores{source=\"node_allocatable\"}";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean up = false;
            while (!up && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    up = !KeplerCompatibilityIT.samples(prom.query(ready)).isEmpty();
                } catch (IOException e) {
                    // Prometheus still starting
                }
            }
            if (!up) {
                StringBuilder ours = new StringBuilder();
                for (String line : LocalPrometheus.get("http://127.0.0.1:" + agent.port() + "/metrics").split("\n")) {
                    if (line.contains("energy4j_pod") || line.contains("energy4j_node_") || line.contains("kepler_pod")) {
                        ours.append(line).append('\n');
                    }
                }
                assertTrue(up, "no idle-share series scraped; exposition:\n" + ours + "agent log:\n" + log);
            }

            double t2 = System.currentTimeMillis() / 1000.0;
            double t1 = t2 - 2;
            String at1 = "&time=" + t1;
            String at2 = "&time=" + t2;
            assertEquals(3500, one(prom, "energy4j_node_allocatable_cpu_millicores", at2));

            String podIdle = "sum(energy4j_pod_idle_joules_total{pod_name=\"web-7d9\",pod_namespace=\"shop\"})";
            String nodeIdle = "sum(kepler_node_cpu_idle_joules_total{zone=~\"package|dram\"})";
            double dPodIdle = one(prom, podIdle, at2) - one(prom, podIdle, at1);
            double dNodeIdle = one(prom, nodeIdle, at2) - one(prom, nodeIdle, at1);
            assertTrue(dNodeIdle > 0, "the node idled between the two times");
            assertEquals(1000.0 / 3500.0, dPodIdle / dNodeIdle, REL, "web pod: 1000 m of 3500 m allocatable");
            String batchIdle = "sum(energy4j_pod_idle_joules_total{pod_name=\"batch-1\"})";
            assertEquals(500.0 / 3500.0, (one(prom, batchIdle, at2) - one(prom, batchIdle, at1)) / dNodeIdle, REL,
                    "the batch pod runs nothing and still holds its 500 m");

            // conservation at one time: every joule of idle energy is a pod's or unrequested
            double all = one(prom, "sum(energy4j_pod_idle_joules_total) + sum(energy4j_node_idle_unrequested_joules_total)",
                    at2);
            double node = one(prom, nodeIdle, at2);
            assertEquals(node, all, REL * node);

            // CO2e: attributed plus idle energy at 360 g/kWh x PUE
            double pue = one(prom, "energy4j_grid_pue", at2);
            double gPerJ = 360 * pue / 3.6e6;
            String podJ = "sum(kepler_pod_cpu_joules_total{pod_name=\"web-7d9\",zone=~\"package|dram\"})";
            double dPodJ = one(prom, podJ, at2) - one(prom, podJ, at1);
            String podG = "energy4j_pod_carbon_grams_total{pod_name=\"web-7d9\",provenance=\"measured\"}";
            double dPodG = one(prom, podG, at2) - one(prom, podG, at1);
            assertTrue(dPodJ > 0, "the web pod worked");
            assertEquals((dPodJ + dPodIdle) * gPerJ, dPodG, REL * dPodG);
            // one container holding the pod's whole request: the same CO2e; the namespace has only this pod
            String cG = "energy4j_container_carbon_grams_total{container_name=\"app\",pod_name=\"web-7d9\"}";
            assertEquals(dPodG, one(prom, cG, at2) - one(prom, cG, at1), REL * dPodG);
            String nsG = "energy4j_namespace_carbon_grams_total{pod_namespace=\"shop\"}";
            assertEquals(dPodG, one(prom, nsG, at2) - one(prom, nsG, at1), REL * dPodG);

            // the workload resolver and the per-pod carbon read one pod cache: one watch open at a time, not two
            assertEquals(1, maxOpenWatches.get(), "pod watches open at once");
        } finally {
            writer.interrupt();
            api.stop(0);
            if (prom != null) {
                prom.close();
            }
        }
    }

    /**
     * RBAC without {@code nodes get}: the Node cannot be read, so the logical CPUs (4000 m) stand in, and the web pod's
     * 1000 m get a quarter of the idle energy. Read from the exposition: the agent's own view, no Prometheus needed.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShareAgainstTheLogicalCpusWhenTheNodeCannotBeRead() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp.resolve("proc")).cpus(4).process(300, "web", 10, 0, 5);
        p.cgroup(300, "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + POD_UID.replace('-', '_') + ".slice/cri-containerd-" + CONTAINER + ".scope\n");
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = pc.pkg("0", "package-0", 0);
        Path token = tmp.resolve("token");
        Files.writeString(token, "it-token\n");
        HttpServer api = apiServer(false);
        try (ServeCommand.Running agent = ServeCommand.start(List.of("--listen", "127.0.0.1:0",
                "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(),
                "--interval", "100ms", "--node-name", "it-node", "--source", "rapl", "--idle-policy", "5",
                "--config", "k8s.podSource=apiserver", "--config", "k8s.nodeName=it-node",
                "--config", "k8s.apiServerUrl=http://127.0.0.1:" + api.getAddress().getPort(),
                "--config", "k8s.tokenFile=" + token), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))) {
            String url = "http://127.0.0.1:" + agent.port() + "/metrics";
            double web = 0;
            double unrequested = 0;
            String text = "";
            long uj = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (web == 0 && System.nanoTime() < deadline) {
                uj += 2_000_000;
                FakePowercap.energy(pkg, uj);
                Thread.sleep(200);
                text = LocalPrometheus.get(url);
                web = value(text, "energy4j_pod_idle_joules_total{", "pod_name=\"web-7d9\"");
                unrequested = value(text, "energy4j_node_idle_unrequested_joules_total{", "zone=\"package\"");
            }
            assertTrue(text.contains("energy4j_node_allocatable_cpu_millicores{node_name=\"it-node\",source=\"logical_cpus\"} 4000.0"),
                    text);
            assertTrue(web > 0, text);
            // the pod was listed after the first frames; from then on it gets 1/4, the batch pod 1/8
            double batch = value(text, "energy4j_pod_idle_joules_total{", "pod_name=\"batch-1\"");
            assertEquals(2.0, web / batch, 1e-9, text);
            assertTrue(unrequested >= web * 5 / 2 - 1e-9, text);
        } finally {
            api.stop(0);
        }
    }

    /** The value of the first exposition line of {@code family} that contains {@code label}; 0 when none. */
    private static double value(String exposition, String family, String label) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(family) && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static double one(LocalPrometheus prom, String q, String at) throws Exception {
        List<KeplerCompatibilityIT.Sample> s = KeplerCompatibilityIT.samples(prom.query(q, at));
        assertEquals(1, s.size(), q + " -> " + s);
        return s.get(0).value();
    }

    /**
     * An API server for this node: the pod list (field selector on the node), a watch that stays open with no
     * events, and the Node object (capacity 4 CPUs, allocatable 3500 m: 500 m kube-reserved and system-reserved).
     */
    // watches of this test's API server open now, and the most open at once
    private final AtomicInteger openWatches = new AtomicInteger();
    private final AtomicInteger maxOpenWatches = new AtomicInteger();

    private HttpServer apiServer() throws IOException {
        return apiServer(true);
    }

    private HttpServer apiServer(boolean nodesReadable) throws IOException {
        String pods = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"17\"},\"items\":["
                + "{\"metadata\":{\"name\":\"web-7d9\",\"namespace\":\"shop\",\"uid\":\"" + POD_UID + "\","
                + "\"resourceVersion\":\"15\"},"
                + "\"spec\":{\"nodeName\":\"it-node\",\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"1\"}}}]},"
                + "\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"containerID\":\"containerd://" + CONTAINER + "\"}]}},"
                + "{\"metadata\":{\"name\":\"batch-1\",\"namespace\":\"jobs\",\"uid\":\"" + BATCH_UID + "\","
                + "\"resourceVersion\":\"16\"},"
                + "\"spec\":{\"nodeName\":\"it-node\",\"containers\":[{\"name\":\"work\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"500m\"}}}]},"
                + "\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"work\","
                + "\"containerID\":\"containerd://" + "ab".repeat(32) + "\"}]}}]}";
        String node = "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"it-node\"},"
                + "\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"16Gi\",\"pods\":\"110\"},"
                + "\"allocatable\":{\"cpu\":\"3500m\",\"memory\":\"15Gi\",\"pods\":\"110\"}}}";
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-apiserver");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            try {
                if (path.equals("/api/v1/pods") && query.contains("watch=true")) {
                    maxOpenWatches.accumulateAndGet(openWatches.incrementAndGet(), Math::max);
                    try {
                        ex.getResponseHeaders().set("Content-Type", "application/json");
                        ex.sendResponseHeaders(200, 0);
                        OutputStream os = ex.getResponseBody();
                        os.flush();
                        Thread.sleep(20_000); // an open watch without events
                    } finally {
                        openWatches.decrementAndGet();
                    }
                } else if (path.equals("/api/v1/pods")) {
                    respond(ex, 200, pods);
                } else if (path.equals("/api/v1/nodes/it-node") && nodesReadable) {
                    respond(ex, 200, node);
                } else if (path.equals("/api/v1/nodes/it-node")) {
                    respond(ex, 403, "{\"kind\":\"Status\",\"reason\":\"Forbidden\",\"code\":403}");
                } else {
                    respond(ex, 404, "{\"kind\":\"Status\",\"code\":404}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        s.start();
        return s;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
