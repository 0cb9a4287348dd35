package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report over a fake node running pods: per-container energy adds up to the attributed node energy. */
class WorkloadReportTest {

    private static final String C1 = "a".repeat(63) + "1";
    private static final String C2 = "b".repeat(63) + "2";
    private static final String C3 = "c".repeat(63) + "3";
    private static final String POD_A = "6d1a4c0e-8b2f-4b6a-9c1e-0123456789ab";
    private static final String POD_B = "0f9e8d7c-6b5a-4321-8fed-cba987654321";

    @TempDir
    Path tmp;

    /**
     * Runs {@code report --format json} over a node with pods A (C1: pids 101, 102; C2: pid 201) and B (C3: pid
     * 301): 100 busy ticks in the first interval, C1 30, C2 40, C3 20 of them, while the package counter moves
     * 50 J; then {@code extraPackageUj} more per interval for two intervals with no process busy.
     */
    private CliTest.Result reportOverPods(long extraPackageUj, String... extra) throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc)
                .process(1, "systemd", 0, 0, 1)
                .process(101, "nginx", 0, 0, 500)
                .process(102, "nginx worker", 0, 0, 501)
                .process(201, "java", 0, 0, 600)
                .process(301, "python3", 0, 0, 700);
        p.cgroup(1, "0::/init.scope\n");
        // containerd with the systemd driver, burstable pod A (two containers' worth: C1 has two processes)
        String podA = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + POD_A.replace('-', '_') + ".slice/";
        p.cgroup(101, "0::" + podA + "cri-containerd-" + C1 + ".scope\n");
        p.cgroup(102, "0::" + podA + "cri-containerd-" + C1 + ".scope\n");
        p.cgroup(201, "0::" + podA + "cri-containerd-" + C2 + ".scope\n");
        // CRI-O with the cgroupfs driver, best-effort pod B
        p.cgroup(301, "0::/kubepods/besteffort/pod" + POD_B + "/crio-" + C3 + "\n");
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = pc.pkg("0", "package-0", 0);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                // once the baseline is taken, change everything in the middle of the first 500 ms interval, so
                // that one sample sees all of it (the files are written one after the other)
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30));
                Thread.sleep(200);
                p.advanceCpu(100, 100).process(101, "nginx", 10, 0, 500).process(102, "nginx worker", 20, 0, 501)
                        .process(201, "java", 30, 10, 600).process(301, "python3", 20, 0, 700);
                FakePowercap.energy(pkg, 50_000_000);
                for (int i = 1; i <= 2 && extraPackageUj > 0; i++) {
                    Thread.sleep(500);
                    FakePowercap.energy(pkg, 50_000_000 + i * extraPackageUj);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        List<String> line = new ArrayList<>(List.of("report", "--duration", "1500ms", "--interval", "500ms",
                "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format", "json"));
        line.addAll(List.of(extra));
        CliTest.Result r = CliTest.run(line.toArray(String[]::new));
        writer.join();
        assertNull(writerFailed.get(), () -> String.valueOf(writerFailed.get()));
        return r;
    }

    @Test
    void shouldReportPerContainerJoulesThatSumToTheAttributedNodeEnergy() throws Exception {
        CliTest.Result r = reportOverPods(0, "--idle-policy", "none");
        assertEquals(0, r.code(), r.err());

        Map<String, Double> byContainer = workloads(r.out());
        assertEquals(3, byContainer.size(), byContainer.toString());
        // busy 100 ticks: C1 30, C2 40, C3 20, 10 unattributed; 50 J in total
        assertEquals(15.0, byContainer.get(C1), 1e-9);
        assertEquals(20.0, byContainer.get(C2), 1e-9);
        assertEquals(10.0, byContainer.get(C3), 1e-9);
        double containers = byContainer.values().stream().mapToDouble(Double::doubleValue).sum();
        double attributed = CliTest.number(r.out(), "nodeJoules") - CliTest.number(r.out(), "unattributedJoules")
                - CliTest.number(r.out(), "idleJoules");
        assertEquals(attributed, containers, 1e-9, "every busy process here is in a container");
        List<String> pods = podUids(r.out());
        assertTrue(pods.contains(POD_A) && pods.contains(POD_B), pods.toString());
        Map<String, Double> byPod = pods(r.out());
        assertEquals(2, byPod.size(), byPod.toString());
        assertEquals(15.0 + 20.0, byPod.get(POD_A), 1e-9, "pod A is C1 + C2");
        assertEquals(10.0, byPod.get(POD_B), 1e-9, "pod B is C3");
        assertEquals(attributed, byPod.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                "the pods hold all the attributed energy");
        assertTrue(r.out().contains("\"containerId\" : \"" + C3 + "\""), "process rows carry their container");
    }

    private static final String POD_C = "11111111-2222-4333-8444-555555555555";
    private static final String POD_D = "99999999-8888-4777-8666-555555555555";

    /**
     * A kubelet {@code /pods} list: A requests 250m + 250m (C1, C2), B requests nothing (C3), C requests 1 CPU
     * and runs no process here, D (a finished Job) requested 2 CPUs.
     */
    private static String podList() {
        return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":["
                + pod(POD_A, "shop", "web-1", "Running", "{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":"
                        + "\"250m\"}}},{\"name\":\"side\",\"resources\":{\"requests\":{\"cpu\":\"250m\"}}}",
                        "{\"name\":\"app\",\"containerID\":\"containerd://" + C1 + "\"},{\"name\":\"side\","
                        + "\"containerID\":\"containerd://" + C2 + "\"}")
                + "," + pod(POD_B, "batch", "scratch", "Running", "{\"name\":\"py\"}",
                        "{\"name\":\"py\",\"containerID\":\"cri-o://" + C3 + "\"}")
                + "," + pod(POD_C, "shop", "cache-0", "Running",
                        "{\"name\":\"redis\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}", "")
                + "," + pod(POD_D, "batch", "job-x", "Succeeded",
                        "{\"name\":\"job\",\"resources\":{\"requests\":{\"cpu\":\"2\"}}}", "")
                + "]}";
    }

    private static String pod(String uid, String ns, String name, String phase, String containers, String statuses) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"uid\":\"" + uid + "\"},"
                + "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[" + containers + "]},"
                + "\"status\":{\"phase\":\"" + phase + "\",\"containerStatuses\":[" + statuses + "]}}";
    }

    private static HttpServer kubelet(String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        s.createContext("/pods", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        s.start();
        return s;
    }

    @Test
    void shouldShareTheIdleEnergyAmongPodsByTheirCpuRequestsWhenThePodSourceIsKnown() throws Exception {
        HttpServer kubelet = kubelet(podList());
        CliTest.Result r;
        try {
            r = reportOverPods(10_000_000, "--idle-policy", "5", "--config", "k8s.podSource=kubelet", "--config",
                    "k8s.kubeletUrl=http://127.0.0.1:" + kubelet.getAddress().getPort() + "/pods");
        } finally {
            kubelet.stop(0);
        }
        assertEquals(0, r.code(), r.err());
        double idle = CliTest.number(r.out(), "idleJoules");
        assertTrue(idle > 0, r.out());
        Map<String, Double> idleByPod = rootArray(r.out(), "pods", "podUid", "idleJoules");
        // 2 CPUs = 2000m of capacity: A holds 500m, C 1000m, B none, D finished; 500m is requested by no pod
        assertEquals(Set.of(POD_A, POD_B, POD_C), idleByPod.keySet(), r.out());
        assertEquals(idle * 500 / 2000, idleByPod.get(POD_A), 1e-9, r.out());
        assertEquals(0.0, idleByPod.get(POD_B), 0.0, "no request, no idle share");
        assertEquals(idle * 1000 / 2000, idleByPod.get(POD_C), 1e-9, "a pod holding a request without using energy");
        assertEquals(0.0, pods(r.out()).get(POD_C), 0.0, r.out());
        double unallocated = nested(r.out(), "idleByCpuRequests", "unallocatedJoules");
        assertEquals(idle * 500 / 2000, unallocated, 1e-9, r.out());
        assertEquals(idle, idleByPod.values().stream().mapToDouble(Double::doubleValue).sum() + unallocated, 1e-9,
                "the idle energy is shared out exactly");
        assertEquals(2000.0, nested(r.out(), "idleByCpuRequests", "allocatableMillis"), 0.0);
        assertTrue(r.out().contains("\"status\" : \"\""), r.out());
    }

    @Test
    void shouldReportTheIdleSharesAsUnknownWhenThePodSourceDoesNotAnswer() throws Exception {
        HttpServer gone = kubelet(podList());
        int port = gone.getAddress().getPort();
        gone.stop(0); // nothing listens there any more: connection refused
        CliTest.Result r = reportOverPods(10_000_000, "--idle-policy", "5", "--config", "k8s.podSource=kubelet",
                "--config", "k8s.kubeletUrl=http://127.0.0.1:" + port + "/pods", "--config", "k8s.requestTimeout=2s");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"idleJoules\" : null"), "pods' idle shares are unknown, not 0: " + r.out());
        assertTrue(r.out().contains("\"unallocatedJoules\" : null"), r.out());
        assertTrue(r.out().contains("\"status\" : \"no pod list from kubelet http://127.0.0.1:" + port), r.out());
        assertEquals(2, pods(r.out()).size(), "the pods seen in the cgroups are still listed: " + r.out());
    }

    @Test
    void shouldLeaveThePodsWithoutIdleSharesWhenNoPodSourceIsConfigured() throws Exception {
        CliTest.Result r = reportOverPods(10_000_000, "--idle-policy", "5", "--config", "k8s.podSource=none");
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.out().contains("idleByCpuRequests") && rootArray(r.out(), "pods", "podUid", "idleJoules")
                .isEmpty(), "the JSON contract without a pod source is unchanged: " + r.out());
    }

    /** A number field of a root object field. */
    static double nested(String json, String object, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && field.equals(p.currentName())
                        && object.equals(p.getParsingContext().getParent().getCurrentName())
                        && p.getParsingContext().getParent().getParent().inRoot()) {
                    p.nextToken();
                    return p.getDoubleValue();
                }
            }
        }
        throw new AssertionError("no " + object + "." + field + " in " + json);
    }

    /** workloads[].id -> joules. */
    static Map<String, Double> workloads(String json) throws IOException {
        return rootArray(json, "workloads", "id", "joules");
    }

    /** pods[].podUid -> joules. */
    static Map<String, Double> pods(String json) throws IOException {
        return rootArray(json, "pods", "podUid", "joules");
    }

    /** {@code array[].key -> array[].value} for an array of objects at the root of {@code json}. */
    static Map<String, Double> rootArray(String json, String array, String key, String value) throws IOException {
        Map<String, Double> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean in = false;
            String id = null;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().getParent().inRoot()) {
                    in = array.equals(p.currentName());
                } else if (in && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                    if (key.equals(p.currentName())) {
                        p.nextToken();
                        id = p.getText();
                    } else if (value.equals(p.currentName())) {
                        p.nextToken();
                        out.put(id, p.getDoubleValue());
                    }
                }
            }
        }
        return out;
    }

    static List<String> podUids(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "podUid".equals(p.currentName())) {
                    p.nextToken();
                    if (!p.getText().isEmpty()) {
                        out.add(p.getText());
                    }
                }
            }
        }
        return out;
    }
}
