package io.github.energy4j.agent.extender;

import io.github.energy4j.internal.prometheus.PrometheusClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watts per busy CPU of each node, from the series energy4j's own {@code serve} writes (Kepler naming, its default),
 * queried from Prometheus at most once per refresh interval. A node that draws fewer watts for the same work is the
 * more efficient place for a pod. When Prometheus cannot answer, the last answer is kept (or none), the failure is
 * logged at WARN once and at DEBUG after, and scheduling goes on on carbon alone. Thread-safe.
 */
public final class NodeEfficiency {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEfficiency.class);

    /**
     * The default query: CPU package watts over busy CPUs (usage ratio × CPUs), averaged over the last hour, per
     * {@code node_name} (the label {@code serve} puts on every series). Busy CPUs are floored at 0.05 so that an idle
     * node does not divide by zero.
     */
    public static final String DEFAULT_QUERY = "sum by (node_name) (avg_over_time(kepler_node_cpu_watts[1h]))"
            + " / clamp_min(avg by (node_name) (avg_over_time(kepler_node_cpu_usage_ratio[1h]))"
            + " * on (node_name) count by (node_name) (kepler_node_cpu_info), 0.05)";

    private final PrometheusClient prometheus;
    private final String query;
    private final Duration refresh;
    private final Object lock = new Object();
    private volatile Map<String, Double> wattsPerBusyCpu = Map.of();
    private volatile long fetchedAtNanos;
    private volatile boolean fetched;
    private boolean warned;

    public NodeEfficiency(PrometheusClient prometheus, String query, Duration refresh) {
        this.prometheus = prometheus;
        this.query = query;
        this.refresh = refresh;
    }

    /** Node name → watts per busy CPU, as of the last successful query (possibly empty). */
    public Map<String, Double> wattsPerBusyCpu() {
        long now = System.nanoTime();
        if (!fetched || now - fetchedAtNanos >= refresh.toNanos()) {
            synchronized (lock) {
                if (!fetched || System.nanoTime() - fetchedAtNanos >= refresh.toNanos()) {
                    fetch();
                }
            }
        }
        return wattsPerBusyCpu;
    }

    private void fetch() {
        fetchedAtNanos = System.nanoTime();
        fetched = true;
        try {
            List<PrometheusClient.Sample> samples = prometheus.query(query, Instant.now());
            Map<String, Double> m = new HashMap<>();
            for (PrometheusClient.Sample s : samples) {
                String node = s.labels().getOrDefault("node_name", "");
                if (!node.isEmpty() && s.value() > 0 && !Double.isInfinite(s.value())) {
                    m.put(node, s.value());
                }
            }
            wattsPerBusyCpu = Map.copyOf(m);
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("node efficiency unavailable, scoring on carbon alone until Prometheus answers: {}",
                        e.getMessage());
            } else {
                LOG.debug("node efficiency unavailable: {}", e.getMessage());
            }
        }
    }
}
