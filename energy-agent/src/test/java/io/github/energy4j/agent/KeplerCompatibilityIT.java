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
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Kepler user would try first: the agent under {@code --naming kepler} (and its default idle policy) on a
 * fake node like the ones Kepler tests with (RAPL on two sockets, each with a {@code core} zone whose
 * {@code enabled} is 0 and an MMIO copy of package 0; two pods from a loopback kubelet, one of them with two
 * processes; a Docker container; a QEMU process; a host daemon), scraped by a real Prometheus.
 *
 * <p>Queries are written the way a Kepler dashboard writes them, from Kepler's documented metrics
 * ({@code docs/user/metrics.md}): per-zone node power, top pods, containers and processes per zone, namespace
 * sums; each must return data, and their values must be what the node does. Then Kepler's e2e invariants
 * ({@code test/e2e/invariants_test.go}): per zone, total = active + idle and Σ running process watts = node active
 * watts within 5 %, active / total = the CPU usage ratio within 10 % (or 0.01); and pod = Σ its containers,
 * container = Σ its processes.
 */
class KeplerCompatibilityIT {

    private static final String WEB = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    private static final String CACHE = "7c3ad87f1d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6";
    private static final String DOCKER = "4f1c2e3d4c5b6a79887766554433221100ffeeddccbbaa998877665544332211";
    private static final String WEB_POD = "6a1f0b52-0c1d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String CACHE_POD = "2b7e9c11-3d4f-4a5b-9c8d-7e6f5a4b3c2d";

    /** Busy ticks per second of each process (pid, comm, rate, cgroup); the node has 4 CPUs, 400 ticks/s. */
    private static final Object[][] PROCESSES = {
        {300, "nginx", 50, kubepods("burstable", WEB_POD, WEB)},
        {301, "php-fpm", 20, kubepods("burstable", WEB_POD, WEB)},
        {310, "redis-server", 30, kubepods("besteffort", CACHE_POD, CACHE)},
        {320, "qemu-system-x86", 40, "0::/machine.slice/machine-qemu\\x2d1\\x2dvm\\x2da.scope/libvirt/emulator\n"},
        {330, "sshd", 0, "0::/system.slice/ssh.service\n"},
        {340, "worker", 10, "0::/system.slice/docker-" + DOCKER + ".scope\n"},
    };
    /** Busy ticks per second nobody's (interrupts), and idle ticks per second: usage ratio (150 + 10) / 400. */
    private static final int IRQ_RATE = 10;
    private static final int IDLE_RATE = 240;
    private static final double USAGE = 0.4;
    private static final double PACKAGE_W = 40 + 30;
    private static final double CORE_W = 25 + 15;
    private static final double DRAM_W = 5 + 4;
    private static final double GAUGE = 0.25;
    private static final double RATE = 0.07;

    @TempDir
    Path tmp;

    private static String kubepods(String qos, String podUid, String container) {
        return "0::/kubepods.slice/kubepods-" + qos + ".slice/kubepods-" + qos + "-pod" + podUid.replace('-', '_')
                + ".slice/cri-containerd-" + container + ".scope\n";
    }

    /** One sample of an instant-vector answer. */
    record Sample(Map<String, String> labels, double value) {
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldAnswerKeplerStyleQueriesAndHoldKeplersInvariantsOnATwoSocketNode() throws Exception {
        Path prometheus = Binaries.find("prometheus").orElse(null);
        Path promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(prometheus != null && promtool != null, "needs the prometheus package (prometheus, promtool)");

        Node node = new Node(tmp);
        // doctor on the same tree: the core zones with enabled = 0 are read, the MMIO copy is not
        CliTest.Result doctor = CliTest.run("doctor", "--procfs", tmp.resolve("proc").toString(), "--sysfs",
                tmp.resolve("sys").toString(), "--format", "json");
        assertEquals(0, doctor.code(), doctor.err());
        assertEquals(List.of("core-0", "core-1", "dram-0", "dram-1", "package-0", "package-1"),
                new ArrayList<>(new TreeSet<>(CliTest.zonesBySource(doctor.out()).get("rapl"))), doctor.out());

        HttpServer kubelet = kubelet();
        node.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPrometheus prom = null;
        try (ServeCommand.Running agent = ServeCommand.start(List.of("--listen", "127.0.0.1:0",
                "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.resolve("sys").toString(),
                "--interval", "200ms", "--node-name", "it-node", "--source", "rapl",
                // no --metrics-level: Kepler's default levels (all five, vm included) under Kepler naming
                "--config", "k8s.podSource=kubelet",
                "--config", "k8s.kubeletUrl=http://127.0.0.1:" + kubelet.getAddress().getPort() + "/pods",
                "--config", "k8s.tokenFile=" + node.token, "--config", "k8s.refreshInterval=1s"),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("idle policy usage-ratio"), log.toString());
            prom = LocalPrometheus.start(prometheus, tmp,
                    "  - job_name: kepler",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + agent.port() + "']");

            // enough scrapes of named pods and of the Docker container's name for rate() over 5 s windows
            String ready = "count_over_time(kepler_pod_cpu_watts{pod_name=\"web-7d9\",zone=\"package\"}[5m]) >= 8 "
                    + "and on() count_over_time(kepler_container_cpu_watts{container_name=\"4f1c2e3d4c5b\","
                    + "zone=\"package\"}[5m]) >= 8";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean up = false;
            while (!up && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    up = !samples(prom.query(ready)).isEmpty();
                } catch (IOException e) {
                    // Prometheus still starting
                }
            }
            assertTrue(up, "no named pod and Docker container series scraped; agent log:\n" + log + "\nPrometheus log:\n"
                    + prom.log());

            String exposition = LocalPrometheus.get("http://127.0.0.1:" + agent.port() + "/metrics");
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = check.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics: " + checkOut);

            // every query of one evaluation time sees the samples of the same scrape
            String at = "&time=" + System.currentTimeMillis() / 1000.0;
            dashboardQueries(prom, at);
            invariants(prom, at);
            types(prom);
        } finally {
            node.stop();
            kubelet.stop(0);
            if (prom != null) {
                prom.close();
            }
        }
    }

    /**
     * Kepler-dashboard-style panels: each gives data, and the data is what the fake node does. Power gauges cover
     * one scrape's frame, about a second, while the writer of the fake counters may run up to tens of milliseconds
     * late on a loaded machine (8 % seen): within {@value #GAUGE}, which still tells a zone read twice or not at all;
     * rates over 5 s average the lag out: within {@value #RATE}.
     */
    private static void dashboardQueries(LocalPrometheus prom, String at) throws Exception {
        // per-zone node power: one series per zone, sockets aggregated as Kepler names them
        List<Sample> perZone = samples(prom.query("kepler_node_cpu_watts{node_name=\"it-node\"}", at));
        Map<String, Sample> zones = byLabel(perZone, "zone");
        assertEquals(Set.of("package", "core", "dram"), zones.keySet(), perZone.toString());
        assertEquals(3, perZone.size(), "one series per zone, not per socket: " + perZone);
        assertEquals("aggregated-package", zones.get("package").labels().get("path"));
        assertEquals("aggregated-core", zones.get("core").labels().get("path"));
        near(PACKAGE_W, zones.get("package").value(), GAUGE, "package, the MMIO copy (500 W) not counted");
        near(CORE_W, zones.get("core").value(), GAUGE, "core zones with enabled=0 are read");
        near(DRAM_W, zones.get("dram").value(), GAUGE, "dram");
        Map<String, Sample> rate = byLabel(samples(prom.query(
                "sum by (zone) (rate(kepler_node_cpu_joules_total{node_name=\"it-node\"}[5s]))", at)), "zone");
        near(PACKAGE_W, rate.get("package").value(), RATE, "package rate");
        near(CORE_W, rate.get("core").value(), RATE, "core rate");
        Map<String, Sample> activeRate = byLabel(samples(prom.query(
                "sum by (zone) (rate(kepler_node_cpu_active_joules_total[5s]))", at)), "zone");
        near(PACKAGE_W * USAGE, activeRate.get("package").value(), RATE, "package active rate");
        Map<String, Sample> idleRate = byLabel(samples(prom.query(
                "sum by (zone) (rate(kepler_node_cpu_idle_joules_total[5s]))", at)), "zone");
        near(PACKAGE_W * (1 - USAGE), idleRate.get("package").value(), RATE, "package idle rate");
        assertEquals(USAGE, only(prom.query("kepler_node_cpu_usage_ratio{node_name=\"it-node\"}", at)), 0.03);

        // who shares the package's active power: the processes, by CPU ticks (150 of the node's 160 busy per second)
        double perTick = PACKAGE_W * USAGE / 150;
        Map<String, Sample> pods = byLabel(samples(prom.query("topk(10, sum by (pod_name, pod_namespace) "
                + "(rate(kepler_pod_cpu_joules_total{zone=\"package\"}[5s])))", at)), "pod_name");
        assertEquals(Set.of("web-7d9", "cache-0"), pods.keySet(), pods.toString());
        near(perTick * 70, pods.get("web-7d9").value(), RATE, "web pod (nginx and php-fpm)");
        near(perTick * 30, pods.get("cache-0").value(), RATE, "cache pod");
        assertEquals("shop", pods.get("web-7d9").labels().get("pod_namespace"));
        Map<String, Sample> podGauge = byLabel(samples(prom.query(
                "topk(10, sum by (pod_name) (kepler_pod_cpu_watts{zone=\"package\"}))", at)), "pod_name");
        near(perTick * 70, podGauge.get("web-7d9").value(), GAUGE, "web pod gauge");

        Map<String, Sample> containers = byLabel(samples(prom.query("topk(10, sum by (container_name, pod_name, "
                + "runtime) (rate(kepler_container_cpu_joules_total{zone=\"package\"}[5s])))", at)),
                "container_name");
        assertEquals(Set.of("app", "redis", "4f1c2e3d4c5b"), containers.keySet(), containers.toString());
        assertEquals("docker", containers.get("4f1c2e3d4c5b").labels().get("runtime"));
        assertEquals("containerd", containers.get("app").labels().get("runtime"));
        near(perTick * 10, containers.get("4f1c2e3d4c5b").value(), RATE, "Docker container, named by its HOSTNAME");
        assertEquals(3, samples(prom.query("topk(10, kepler_container_cpu_watts{zone=\"package\"})", at)).size());
        Map<String, Sample> containerCpu = byLabel(samples(prom.query(
                "sum by (container_name) (rate(kepler_container_cpu_seconds_total[5s]))", at)), "container_name");
        near(0.7, containerCpu.get("app").value(), RATE, "app's CPU seconds per second (70 ticks/s)");

        Map<String, Sample> processes = byLabel(samples(prom.query("topk(10, sum by (pid, comm, type) "
                + "(rate(kepler_process_cpu_joules_total{zone=\"package\"}[5s])))", at)), "comm");
        assertTrue(processes.keySet().containsAll(Set.of("nginx", "php-fpm", "redis-server", "qemu-system-x86",
                "worker")), processes.toString());
        near(perTick * 40, processes.get("qemu-system-x86").value(), RATE, "the QEMU process");
        assertEquals("container", processes.get("nginx").labels().get("type"));
        assertEquals(5, samples(prom.query("topk(5, kepler_process_cpu_watts{zone=\"package\"})", at)).size());
        Map<String, Sample> cpuSeconds = byLabel(samples(prom.query(
                "topk(5, sum by (comm) (rate(kepler_process_cpu_seconds_total[5s])))", at)), "comm");
        near(0.5, cpuSeconds.get("nginx").value(), RATE, "nginx's CPU seconds per second");

        Map<String, Sample> namespaces = byLabel(samples(prom.query(
                "sum by (pod_namespace) (increase(kepler_pod_cpu_joules_total{zone=\"package\"}[5s]))", at)),
                "pod_namespace");
        assertEquals(Set.of("shop", "data"), namespaces.keySet(), namespaces.toString());
        near(perTick * 70 * 5, namespaces.get("shop").value(), RATE, "shop's joules in 5 s");
        assertEquals(2, samples(prom.query("sum by (pod_namespace) (kepler_pod_cpu_watts)", at)).size());

        // what a dashboard shows besides: the build, the CPUs
        assertEquals(1.0, only(prom.query("count(kepler_build_info)", at)));
        assertEquals(4.0, only(prom.query("count(kepler_node_cpu_info)", at)));

        // Kepler's VM level: the QEMU process runs VM vm-a (libvirt's guest= name and -uuid), whose energy is the
        // process's own
        Map<String, Sample> vms = byLabel(samples(prom.query("topk(10, sum by (vm_id, vm_name, hypervisor) "
                + "(rate(kepler_vm_cpu_joules_total{zone=\"package\"}[5s])))", at)), "vm_name");
        assertEquals(Set.of("vm-a"), vms.keySet(), vms.toString());
        assertEquals("kvm", vms.get("vm-a").labels().get("hypervisor"));
        assertEquals("a1b2c3d4-0000-4000-8000-000000000001", vms.get("vm-a").labels().get("vm_id"));
        near(perTick * 40, vms.get("vm-a").value(), RATE, "the VM's package power, its QEMU process's");
        Map<String, Sample> vmGauge = byLabel(samples(prom.query(
                "topk(10, sum by (vm_name) (kepler_vm_cpu_watts{zone=\"package\"}))", at)), "vm_name");
        near(perTick * 40, vmGauge.get("vm-a").value(), GAUGE, "VM gauge");
        assertEquals("vm", processes.get("qemu-system-x86").labels().get("type"));
        List<Sample> vmProcess = samples(prom.query("kepler_process_cpu_watts{type=\"vm\",zone=\"package\"}", at));
        assertEquals(1, vmProcess.size(), vmProcess.toString());
        assertEquals("a1b2c3d4-0000-4000-8000-000000000001", vmProcess.get(0).labels().get("vm_id"));
    }

    private static void near(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, Math.abs(expected) * relative, what);
    }

    /** Kepler's e2e invariants, per zone, on the gauges of one scrape. */
    private static void invariants(LocalPrometheus prom, String at) throws Exception {
        Map<String, Double> total = sumBy(prom, "kepler_node_cpu_watts", "zone", at);
        Map<String, Double> active = sumBy(prom, "kepler_node_cpu_active_watts", "zone", at);
        Map<String, Double> idle = sumBy(prom, "kepler_node_cpu_idle_watts", "zone", at);
        Map<String, Double> totalJ = sumBy(prom, "kepler_node_cpu_joules_total", "zone", at);
        Map<String, Double> activeJ = sumBy(prom, "kepler_node_cpu_active_joules_total", "zone", at);
        Map<String, Double> idleJ = sumBy(prom, "kepler_node_cpu_idle_joules_total", "zone", at);
        Map<String, Double> processes = sumBy(prom, "kepler_process_cpu_watts{state=\"running\"}", "zone", at);
        double usage = only(prom.query("kepler_node_cpu_usage_ratio", at));
        assertEquals(Set.of("package", "core", "dram"), total.keySet());
        // Kepler's e2e tests allow 5 % between separately scraped figures; these all come from one exposition,
        // where the sums are identities, so only floating-point rounding may separate them (the usage ratio
        // keeps a looser bound)
        for (String zone : total.keySet()) {
            within(total.get(zone), active.get(zone) + idle.get(zone), 1e-9, 1e-9, zone + ": total = active + idle W");
            within(totalJ.get(zone), activeJ.get(zone) + idleJ.get(zone), 1e-9, 1e-9,
                    zone + ": total = active + idle J");
            within(usage, active.get(zone) / total.get(zone), 0.1, 0.01, zone + ": active / total = usage ratio");
            within(active.get(zone), processes.get(zone), 1e-9, 1e-9, zone + ": Σ process W = node active W");
        }

        Map<String, Double> pods = sumBy(prom, "kepler_pod_cpu_watts", "pod_id,zone", at);
        Map<String, Double> containersByPod = sumBy(prom, "kepler_container_cpu_watts{pod_id!=\"\"}", "pod_id,zone",
                at);
        assertEquals(2 * 3, pods.size(), "two pods, three zones: " + pods);
        assertEquals(pods.keySet(), containersByPod.keySet());
        for (Map.Entry<String, Double> e : pods.entrySet()) {
            within(e.getValue(), containersByPod.get(e.getKey()), 1e-9, 1e-9, e.getKey() + ": pod = Σ containers");
        }
        Map<String, Double> vms = sumBy(prom, "kepler_vm_cpu_watts{state=\"running\"}", "vm_id,zone", at);
        Map<String, Double> processesByVm = sumBy(prom, "kepler_process_cpu_watts{type=\"vm\",state=\"running\"}",
                "vm_id,zone", at);
        assertEquals(3, vms.size(), "one VM, three zones: " + vms);
        assertEquals(vms.keySet(), processesByVm.keySet());
        for (Map.Entry<String, Double> e : vms.entrySet()) {
            within(e.getValue(), processesByVm.get(e.getKey()), 0.05, 0.001, e.getKey() + ": VM = Σ its processes");
        }
        Map<String, Double> containers = sumBy(prom, "kepler_container_cpu_watts", "container_id,zone", at);
        Map<String, Double> processesByContainer = sumBy(prom,
                "kepler_process_cpu_watts{type=\"container\",state=\"running\"}", "container_id,zone", at);
        assertEquals(3 * 3, containers.size(), containers.toString());
        for (Map.Entry<String, Double> e : containers.entrySet()) {
            within(e.getValue(), processesByContainer.get(e.getKey()), 1e-9, 1e-9,
                    e.getKey() + ": container = Σ processes");
        }
    }

    /** Kepler's types as Prometheus recorded them from the OpenMetrics scrape. */
    private static void types(LocalPrometheus prom) throws Exception {
        for (String gauge : List.of("kepler_build_info", "kepler_node_cpu_info", "kepler_node_cpu_usage_ratio",
                "kepler_node_cpu_watts", "kepler_pod_cpu_watts", "kepler_vm_cpu_watts")) {
            String meta = prom.api("metadata?metric=" + gauge);
            assertTrue(meta.contains("\"type\":\"gauge\""), gauge + ": " + meta);
        }
        for (String counter : List.of("kepler_container_cpu_seconds", "kepler_vm_cpu_joules")) {
            String meta = prom.api("metadata?metric=" + counter);
            assertTrue(meta.contains("\"type\":\"counter\""), counter + ": " + meta);
        }
    }

    private static void within(Double expected, Double actual, double relative, double absolute, String what) {
        assertTrue(expected != null && actual != null, what + ": " + expected + " vs " + actual);
        double tolerance = Math.max(Math.abs(expected) * relative, absolute);
        assertEquals(expected, actual, tolerance, what);
    }

    private static Map<String, Double> sumBy(LocalPrometheus prom, String selector, String by, String at)
            throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples(prom.query("sum by (" + by + ") (" + selector + ")", at))) {
            StringBuilder key = new StringBuilder();
            for (String l : by.split(",")) {
                key.append(key.length() == 0 ? "" : "/").append(s.labels().getOrDefault(l, ""));
            }
            out.put(key.toString(), s.value());
        }
        return out;
    }

    private static Map<String, Sample> byLabel(List<Sample> samples, String label) {
        Map<String, Sample> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            out.put(s.labels().get(label), s);
        }
        return out;
    }

    private static double only(String json) throws IOException {
        List<Sample> s = samples(json);
        assertEquals(1, s.size(), json);
        return s.get(0).value();
    }

    static List<Sample> samples(String json) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            Map<String, String> labels = null;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if ("metric".equals(p.currentName())) {
                    p.nextToken();
                    labels = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        labels.put(k, p.getText());
                    }
                } else if ("value".equals(p.currentName()) && labels != null) {
                    p.nextToken(); // [
                    p.nextToken(); // time
                    p.nextToken(); // "value"
                    out.add(new Sample(labels, Double.parseDouble(p.getText())));
                    labels = null;
                }
            }
        }
        return out;
    }

    /**
     * The fake node. Its counters follow the wall clock (time-based, so a late writer never changes a rate): each
     * process's ticks, the node's busy (processes plus interrupts) and idle ticks, each zone's microjoules.
     * The processes' {@code stat} files are replaced whole (written aside, then moved), so a read never sees half a
     * file; {@code /proc/stat} and the energy counters are rewritten in place, as the kernel's are.
     */
    static final class Node {
        final Path token;
        private final Path proc;
        private final FakeProcfs stage;
        private final Map<String, Path> zones = new LinkedHashMap<>();
        private final Map<String, Double> watts = new HashMap<>();
        private Thread writer;

        Node(Path tmp) throws IOException {
            proc = tmp.resolve("proc");
            FakeProcfs live = FakeProcfs.create(proc).cpus(4).cpuTicks(100_000, 0, 0, 400_000, 0, 0, 0, 0);
            // /proc/stat is written by a second tree and copied in place: same text, forks included
            stage = FakeProcfs.create(tmp.resolve("stage")).cpus(4);
            for (Object[] p : PROCESSES) {
                int pid = (int) p[0];
                live.process(pid, (String) p[1], 1000, 0, 5000 + pid).cgroup(pid, (String) p[3]);
                stage.process(pid, (String) p[1], 1000, 0, 5000 + pid);
            }
            Files.write(proc.resolve("340/environ"), ("PATH=/usr/local/bin:/usr/bin\0HOSTNAME=4f1c2e3d4c5b\0"
                    + "HOME=/root\0").getBytes(StandardCharsets.UTF_8));
            Files.write(proc.resolve("320/cmdline"), ("/usr/bin/qemu-system-x86_64\0-name\0guest=vm-a,debug-threads=on"
                    + "\0-uuid\0a1b2c3d4-0000-4000-8000-000000000001\0").getBytes(StandardCharsets.UTF_8));
            Files.createSymbolicLink(proc.resolve("320/exe"), Path.of("/usr/bin/qemu-system-x86_64"));
            try {
                Files.copy(Path.of(KeplerCompatibilityIT.class.getResource("/fixtures/cpuinfo/x86_64").toURI()),
                        proc.resolve("cpuinfo"));
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }

            FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
            zone("package-0", pc.pkg("0", "package-0", 1_000_000), 40);
            zone("core-0", pc.zone("intel-rapl", "0:0", "core", 2_000_000, FakePowercap.INTEL_RANGE_UJ, 0), 25);
            zone("dram-0", pc.zone("intel-rapl", "0:1", "dram", 3_000_000, FakePowercap.INTEL_RANGE_UJ, 0), 5);
            zone("package-1", pc.pkg("1", "package-1", 4_000_000), 30);
            zone("core-1", pc.zone("intel-rapl", "1:0", "core", 5_000_000, FakePowercap.INTEL_RANGE_UJ, 0), 15);
            zone("dram-1", pc.zone("intel-rapl", "1:1", "dram", 6_000_000, FakePowercap.INTEL_RANGE_UJ, 0), 4);
            // Kepler's powercap fixture: core with power capping off; the counter counts all the same
            FakePowercap.set(zones.get("core-0"), "enabled", "0\n");
            FakePowercap.set(zones.get("core-1"), "enabled", "0\n");
            // the same package-0 counter through MMIO, running away: counted, it would show
            zone("mmio", pc.zone("intel-rapl-mmio", "0", "package-0", 7_000_000, FakePowercap.INTEL_RANGE_UJ,
                    28_000_000), 500);
            token = tmp.resolve("token");
            Files.writeString(token, "test-token\n");
        }

        private void zone(String name, Path dir, double w) {
            zones.put(name, dir);
            watts.put(name, w);
        }

        void start() {
            long start = System.nanoTime();
            Map<String, Long> base = new HashMap<>();
            writer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    double t = (System.nanoTime() - start) * 1e-9;
                    try {
                        long busy = 100_000 + (long) (IRQ_RATE * t);
                        for (Object[] p : PROCESSES) {
                            int pid = (int) p[0];
                            long ticks = 1000 + (long) ((int) p[2] * t);
                            busy += ticks - 1000;
                            replace(proc.resolve(pid + "/stat"),
                                    FakeProcfs.pidStatLine(pid, (String) p[1], 'S', ticks, 0, 5000 + pid));
                        }
                        stage.cpuTicks(busy, 0, 0, 400_000 + (long) (IDLE_RATE * t), 0, 0, 0, 0);
                        overwrite(proc.resolve("stat"), Files.readString(stage.root().resolve("stat")));
                        for (Map.Entry<String, Path> z : zones.entrySet()) {
                            long b = base.computeIfAbsent(z.getKey(), k -> energy(z.getValue()));
                            overwrite(z.getValue().resolve("energy_uj"),
                                    (b + (long) (watts.get(z.getKey()) * t * 1e6)) + "\n");
                        }
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | UncheckedIOException e) {
                        if (Thread.currentThread().isInterrupted() || e.getCause() instanceof ClosedByInterruptException) {
                            return; // stopped while writing
                        }
                        throw e instanceof IOException io ? new UncheckedIOException(io) : (UncheckedIOException) e;
                    }
                }
            }, "fake-node");
            writer.setDaemon(true);
            writer.start();
        }

        void stop() throws InterruptedException {
            if (writer != null) {
                writer.interrupt();
                writer.join(5000);
            }
        }

        private static long energy(Path zone) {
            try {
                return Long.parseLong(Files.readString(zone.resolve("energy_uj")).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Rewrites a file in place, as the kernel's keep their inode (the meter keeps {@code /proc/stat} and the
         * counters open), in one write at offset 0 without truncating first: a reader never finds it empty.
         */
        private static void overwrite(Path file, String content) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.write(ByteBuffer.wrap(b), 0);
                c.truncate(b.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Replaces a file whole (a process's {@code stat}, which the meter opens anew each sample here). */
        private static void replace(Path file, String content) {
            try {
                Path aside = file.resolveSibling(file.getFileName() + ".new");
                Files.writeString(aside, content);
                Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A kubelet {@code /pods} endpoint naming both pods and their containers. */
    private static HttpServer kubelet() throws IOException {
        String pods = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + pod("web-7d9", "shop", WEB_POD, "app", WEB, "Burstable") + ","
                + pod("cache-0", "data", CACHE_POD, "redis", CACHE, "BestEffort") + "]}";
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] b = pods.getBytes(StandardCharsets.UTF_8);
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

    private static String pod(String name, String namespace, String uid, String container, String id, String qos) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid + "\"},"
                + "\"spec\":{\"nodeName\":\"it-node\",\"containers\":[{\"name\":\"" + container + "\"}]},"
                + "\"status\":{\"phase\":\"Running\",\"qosClass\":\"" + qos + "\",\"containerStatuses\":[{\"name\":\""
                + container + "\",\"containerID\":\"containerd://" + id + "\"}]}}";
    }
}
