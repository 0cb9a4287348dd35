package io.github.energy4j.agent.history;

import io.github.energy4j.internal.prometheus.PrometheusClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Prometheus holds for one period, per node and per namespace. Energies in joules, CO2e in grams; NaN where
 * the series are absent (no GPU, no carbon configured on the agents).
 *
 * @param start   start of the period
 * @param end     end of the period
 * @param nodes   per node, by name
 * @param pods    per namespace, per node: joules attributed to its pods (CPU and GPU)
 * @param queries the PromQL of each figure, for the provenance section
 */
record PeriodFigures(Instant start, Instant end, Map<String, Node> nodes, Map<String, Map<String, Double>> pods,
                     List<String> queries) {

    /**
     * One node's figures.
     *
     * @param joules      CPU (package + dram) and GPU energy
     * @param idleJoules  the idle part of it
     * @param gpuJoules   GPU energy (0 without GPUs)
     * @param gpuIdleJoules GPU idle energy
     * @param carbonGrams CO2e of that energy as the agent converted it; NaN when the agent had no intensity
     * @param cpuUsage    mean busy share of its CPUs, NaN when not recorded
     * @param gridZone    the grid zone the agent's intensity was for, empty when not recorded
     */
    record Node(double joules, double idleJoules, double gpuJoules, double gpuIdleJoules, double carbonGrams,
                double cpuUsage, String gridZone) {
    }

    /** Runs the queries at {@code end} over {@code window} (a PromQL duration such as {@code 30d}). */
    static PeriodFigures fetch(PrometheusClient p, Instant start, Instant end, String window) throws IOException {
        List<String> queries = new ArrayList<>();
        Map<String, Double> cpu = byNode(p, HistoryQueries.nodeJoules(window), end, queries);
        Map<String, Double> idle = byNode(p, HistoryQueries.nodeIdleJoules(window), end, queries);
        Map<String, Double> gpu = byNode(p, HistoryQueries.gpuJoules(window), end, queries);
        Map<String, Double> gpuIdle = byNode(p, HistoryQueries.gpuIdleJoules(window), end, queries);
        Map<String, Double> carbon = byNode(p, HistoryQueries.nodeCarbonGrams(window), end, queries);
        Map<String, Double> gpuCarbon = byNode(p, HistoryQueries.gpuCarbonGrams(window), end, queries);
        Map<String, Double> usage = byNode(p, HistoryQueries.cpuUsage(window), end, queries);
        Map<String, String> zones = new TreeMap<>();
        String zq = HistoryQueries.gridZone(window);
        queries.add(zq);
        for (PrometheusClient.Sample s : p.query(zq, end)) {
            zones.put(s.labels().getOrDefault("node_name", ""), s.labels().getOrDefault("grid_zone", ""));
        }
        Map<String, Node> nodes = new TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(cpu.keySet());
        names.addAll(gpu.keySet());
        for (String n : names) {
            double c = cpu.getOrDefault(n, 0.0);
            double g = gpu.getOrDefault(n, 0.0);
            double grams = carbon.containsKey(n) || gpuCarbon.containsKey(n)
                    ? carbon.getOrDefault(n, 0.0) + gpuCarbon.getOrDefault(n, 0.0) : Double.NaN;
            nodes.put(n, new Node(c + g, idle.getOrDefault(n, 0.0) + gpuIdle.getOrDefault(n, 0.0), g,
                    gpuIdle.getOrDefault(n, 0.0), grams, usage.getOrDefault(n, Double.NaN), zones.getOrDefault(n, "")));
        }
        Map<String, Map<String, Double>> pods = new TreeMap<>();
        for (String q : List.of(HistoryQueries.podJoules(window), HistoryQueries.podGpuJoules(window))) {
            queries.add(q);
            for (PrometheusClient.Sample s : p.query(q, end)) {
                if (!Double.isFinite(s.value())) {
                    continue;
                }
                String ns = s.labels().getOrDefault("pod_namespace", "");
                pods.computeIfAbsent(ns.isEmpty() ? "(none)" : ns, k -> new TreeMap<>())
                        .merge(s.labels().getOrDefault("node_name", ""), s.value(), Double::sum);
            }
        }
        return new PeriodFigures(start, end, nodes, pods, List.copyOf(queries));
    }

    private static Map<String, Double> byNode(PrometheusClient p, String q, Instant at, List<String> queries)
            throws IOException {
        queries.add(q);
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusClient.Sample s : p.query(q, at)) {
            if (Double.isFinite(s.value())) {
                out.merge(s.labels().getOrDefault("node_name", ""), s.value(), Double::sum);
            }
        }
        return out;
    }

    /** True when no node energy was found. */
    boolean empty() {
        return nodes.isEmpty();
    }
}
