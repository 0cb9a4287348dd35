package io.github.energy4j.agent.podcarbon;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.agent.serve.Series;
import io.github.energy4j.k8s.pods.NodeAllocatable;
import io.github.energy4j.k8s.pods.PodMetadataService;
import io.github.energy4j.k8s.pods.PodSourceConfig;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s per-pod idle share and CO2e: a {@link PodCarbonLedger} fed from the pod source's view (pods and
 * their CPU requests) and the node's allocatable CPU, written as {@code energy4j_*} series under both namings.
 *
 * <p>The pods come from the same source as the meter's workload resolver ({@code k8s.podSource} and the other
 * {@code k8s.*} settings), through {@link PodMetadataService}, which shares one cache and one kubelet poll or
 * API-server watch between the two. With the API server, a daemon thread reads this node's Node object
 * ({@link NodeAllocatable}) at start and every 10 minutes, so kube-reserved and system-reserved CPU hold no idle
 * share; with the kubelet (no Node object there), or while the Node cannot be read, the capacity is the logical
 * CPUs × 1000 m, an upper bound of allocatable. {@code energy4j_node_allocatable_cpu_millicores{source}} says
 * which. Thread-safe ({@link #export} is synchronized; scrapes are serialized by the exporter anyway).
 */
public final class PodCarbon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodCarbon.class);
    static final Duration NODE_REFRESH = Duration.ofMinutes(10);

    private final PodMetadataService service;
    private final PodSourceConfig config;
    private final long cpuMillis;
    private final PodCarbonLedger ledger = new PodCarbonLedger();
    private volatile long nodeAllocatableMillis;
    private volatile boolean closed;
    private Thread nodeReader;
    private int nodeFailures;

    PodCarbon(PodSourceConfig config, PodMetadataService service, long cpuMillis) {
        this.config = config;
        this.service = service;
        this.cpuMillis = cpuMillis;
    }

    /**
     * Starts following the pod source that {@code ctx} names; null when it names none ({@code k8s.podSource=none},
     * or outside a cluster without the setting).
     *
     * @param logicalCpus the node's logical CPUs, the capacity when the Node object is not available (0: unknown,
     *                    then shares are relative to the sum of the requests)
     * @return null also when the TLS trust for the pod source cannot be built (logged at WARN with the remedy: the
     *         workload resolver meets the same problem, and the agent keeps metering without pod series)
     * @throws IllegalArgumentException when a {@code k8s.*} setting is wrong (the message names it)
     */
    public static PodCarbon start(SourceContext ctx, int logicalCpus) {
        PodSourceConfig cfg = PodSourceConfig.fromContext(ctx);
        if (cfg == null) {
            return null;
        }
        PodMetadataService service;
        try {
            service = PodMetadataService.start(cfg);
        } catch (IOException e) {
            LOG.warn("no per-pod idle share or CO2e: cannot follow the pod source: {}; set k8s.caFile to the cluster"
                    + " CA bundle", e.getMessage());
            return null;
        }
        PodCarbon c = new PodCarbon(cfg, service, 1000L * Math.max(0, logicalCpus));
        if (cfg.kind() == PodSourceConfig.Kind.APISERVER) {
            Thread t = new Thread(c::readNode, "energy4j-node-allocatable");
            t.setDaemon(true);
            c.nodeReader = t;
            t.start();
        }
        return c;
    }

    private void readNode() {
        while (!closed) {
            try {
                NodeAllocatable.Cpu cpu = NodeAllocatable.fetch(config);
                nodeAllocatableMillis = cpu.allocatableMillis();
                nodeFailures = 0;
            } catch (IOException | RuntimeException e) {
                // first failure at WARN, later ones at DEBUG; the logical CPUs stand in meanwhile
                if (nodeFailures++ == 0) {
                    LOG.warn("cannot read node {}'s allocatable CPU; sharing idle energy against its logical CPUs"
                            + " until it can be read: {}", config.nodeName(), e.getMessage());
                } else {
                    LOG.debug("node allocatable read failed", e);
                }
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.parkNanos(this, NODE_REFRESH.toNanos());
        }
    }

    /** The capacity requests are shared against, in millicores, and where it comes from. */
    record Capacity(long millis, String source) {
    }

    Capacity capacity() {
        long n = nodeAllocatableMillis;
        return n > 0 ? new Capacity(n, "node_allocatable") : new Capacity(cpuMillis, "logical_cpus");
    }

    /** The ledger (for tests). */
    PodCarbonLedger ledger() {
        return ledger;
    }

    /**
     * Adds the interval up to {@code s} and writes the series into {@code sink}: {@code energy4j_pod_idle_joules}
     * per pod and zone, {@code energy4j_node_idle_unrequested_joules} per zone, {@code energy4j_node_allocatable_cpu_
     * millicores}, and with a grid intensity {@code energy4j_pod_carbon_grams}, {@code energy4j_container_carbon_grams},
     * {@code energy4j_namespace_carbon_grams} (counters: Prometheus appends {@code _total}).
     */
    public synchronized void export(EnergySnapshot s, Consumer<Series> sink) {
        Capacity cap = capacity();
        PodView view = service.view();
        ledger.update(s, view, cap.millis());
        write(ledger, s, cap, sink);
    }

    /** The series of a ledger; a function of its state only. */
    static void write(PodCarbonLedger ledger, EnergySnapshot s, Capacity cap, Consumer<Series> sink) {
        sink.accept(new Series("energy4j_node_allocatable_cpu_millicores", false, "CPU the pods' requests are shared "
                + "against for the idle split: node_allocatable (Node status.allocatable.cpu) or logical_cpus",
                null, Map.of("source", cap.source()), cap.millis()));
        for (Map.Entry<String, Double> e : ledger.unrequestedJoules().entrySet()) {
            sink.accept(new Series("energy4j_node_idle_unrequested_joules", true, "Idle energy of the node's CPU that "
                    + "no pod requests; with energy4j_pod_idle_joules it adds up to the node's idle energy", null,
                    Map.of("zone", e.getKey()), e.getValue()));
        }
        for (PodCarbonLedger.PodTotals p : ledger.pods()) {
            for (Map.Entry<String, Double> e : p.idleJoules.entrySet()) {
                Map<String, String> l = podLabels(p);
                l.put("zone", e.getKey());
                sink.accept(new Series("energy4j_pod_idle_joules", true, "The pod's share of the node's idle energy, "
                        + "by CPU request over allocatable CPU", null, l, e.getValue()));
            }
        }
        if (s.carbonProvenance().isEmpty()) {
            return;
        }
        String provenance = s.provenance().toString();
        for (PodCarbonLedger.PodTotals p : ledger.pods()) {
            Map<String, String> l = podLabels(p);
            l.put("provenance", provenance);
            sink.accept(new Series("energy4j_pod_carbon_grams", true, "CO2e of the pod's attributed energy plus its "
                    + "idle share, in grams (PUE included)", null, l, p.grams()));
        }
        for (PodCarbonLedger.ContainerTotals c : ledger.containers()) {
            PodCarbonLedger.PodTotals p = ledger.pod(c.podUid);
            Map<String, String> l = new LinkedHashMap<>();
            l.put("container_id", c.id);
            l.put("container_name", c.name);
            l.putAll(podLabels(p));
            l.put("provenance", provenance);
            sink.accept(new Series("energy4j_container_carbon_grams", true, "CO2e of the container's attributed "
                    + "energy plus its part of the pod's idle share (by its CPU request), in grams", null, l,
                    c.grams));
        }
        for (Map.Entry<String, Double> e : ledger.namespaceGrams().entrySet()) {
            sink.accept(new Series("energy4j_namespace_carbon_grams", true, "CO2e of the namespace's pods, idle "
                    + "shares included, in grams; never decreases when pods end", null,
                    Map.of("pod_namespace", e.getKey(), "provenance", provenance), e.getValue()));
        }
    }

    private static Map<String, String> podLabels(PodCarbonLedger.PodTotals p) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("pod_id", p.uid);
        l.put("pod_name", p.name);
        l.put("pod_namespace", p.namespace);
        return l;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = nodeReader;
        if (t != null) {
            t.interrupt();
        }
        service.close();
    }
}
