package io.github.energy4j.agent.history;

/**
 * The PromQL behind each figure of the history report, over the series {@code energy4j serve} writes under its
 * default Kepler naming ({@code KeplerNaming}: {@code kepler_node_cpu_joules_total{zone,path}} with its
 * {@code _idle_} form, {@code kepler_node_gpu_*}, {@code kepler_pod_cpu_joules_total{pod_namespace,...}},
 * {@code kepler_node_cpu_usage_ratio}) and its {@code energy4j_} extensions
 * ({@code energy4j_node_cpu_carbon_grams_total}, {@code energy4j_node_gpu_carbon_grams_total},
 * {@code energy4j_grid_intensity_grams_per_kwh{grid_zone}}); every series carries {@code node_name}.
 *
 * <p>CPU energy counts the {@code package} and {@code dram} zones only: {@code core} and {@code uncore} lie inside
 * {@code package} and {@code psys} covers the whole SoC, so adding them would count energy twice.
 * {@code increase()} over the window handles counter resets (agent restarts).
 */
final class HistoryQueries {

    /** The disjoint CPU zones whose sum is the node's CPU energy. */
    static final String CPU_ZONES = "zone=~\"package|dram\"";

    private HistoryQueries() {
    }

    static String nodeJoules(String w) {
        return "sum by (node_name) (increase(kepler_node_cpu_joules_total{" + CPU_ZONES + "}[" + w + "]))";
    }

    static String nodeIdleJoules(String w) {
        return "sum by (node_name) (increase(kepler_node_cpu_idle_joules_total{" + CPU_ZONES + "}[" + w + "]))";
    }

    static String gpuJoules(String w) {
        return "sum by (node_name) (increase(kepler_node_gpu_joules_total[" + w + "]))";
    }

    static String gpuIdleJoules(String w) {
        return "sum by (node_name) (increase(kepler_node_gpu_idle_joules_total[" + w + "]))";
    }

    static String nodeCarbonGrams(String w) {
        return "sum by (node_name) (increase(energy4j_node_cpu_carbon_grams_total{" + CPU_ZONES + "}[" + w + "]))";
    }

    static String gpuCarbonGrams(String w) {
        return "sum by (node_name) (increase(energy4j_node_gpu_carbon_grams_total[" + w + "]))";
    }

    static String podJoules(String w) {
        return "sum by (pod_namespace, node_name) (increase(kepler_pod_cpu_joules_total{" + CPU_ZONES + "}[" + w
                + "]))";
    }

    static String podGpuJoules(String w) {
        return "sum by (pod_namespace, node_name) (increase(kepler_pod_gpu_joules_total[" + w + "]))";
    }

    static String cpuUsage(String w) {
        return "avg by (node_name) (avg_over_time(kepler_node_cpu_usage_ratio[" + w + "]))";
    }

    static String gridZone(String w) {
        return "max by (node_name, grid_zone, provider) (last_over_time(energy4j_grid_intensity_grams_per_kwh[" + w
                + "]))";
    }
}
