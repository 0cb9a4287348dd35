package io.github.energy4j.agent.gpu;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.NamespaceStats;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Stats;
import io.github.energy4j.nvml.analysis.GpuStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts and averages over one analysis's GPUs: the numbers behind {@code /results/stats} and the gauges. */
final class GpuStats {

    private GpuStats() {
    }

    /**
     * A GPU counts once in each namespace that has a process on it; averages leave out GPUs without a score
     * (no sample), and GPUs not judged yet count in their status but never as low.
     */
    static Stats of(List<Gpu> gpus) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (GpuStatus s : GpuStatus.values()) {
            byStatus.put(s.tag(), 0);
        }
        double sum = 0;
        int scored = 0;
        int low = 0;
        Map<String, double[]> ns = new TreeMap<>(); // namespace -> {gpus, score sum, scored}
        for (Gpu g : gpus) {
            byStatus.merge(g.report().status().tag(), 1, Integer::sum);
            double score = g.report().score();
            boolean hasScore = !Double.isNaN(score);
            if (hasScore) {
                sum += score;
                scored++;
            }
            if (g.report().lowUtilization()) {
                low++;
            }
            for (String n : g.namespaces()) {
                double[] a = ns.computeIfAbsent(n, k -> new double[3]);
                a[0]++;
                if (hasScore) {
                    a[1] += score;
                    a[2]++;
                }
            }
        }
        Map<String, NamespaceStats> namespaces = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : ns.entrySet()) {
            double[] a = e.getValue();
            namespaces.put(e.getKey(), new NamespaceStats((int) a[0], a[2] == 0 ? Double.NaN : a[1] / a[2]));
        }
        return new Stats(gpus.size(), java.util.Collections.unmodifiableMap(byStatus), scored == 0 ? Double.NaN : sum / scored, low,
                namespaces);
    }
}
