package io.github.energy4j.nvml.analysis.internal;

import io.github.energy4j.nvml.analysis.GpuUsageReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and averages over the GPUs of one analysis, a node's or a fleet's: per status, the mean score, the
 * low-utilised count, and per namespace the GPUs it uses and their mean score.
 *
 * @param total        GPUs analysed
 * @param byStatus     GPUs per status tag, every status present (zero included), in {@link GpuUsageReport.Status} order
 * @param averageScore mean score of the GPUs that have one; NaN when none
 * @param low          GPUs under the low-utilisation threshold
 * @param namespaces   per namespace (sorted): GPUs with a process or pod of it, and their mean score
 */
public record GpuUsageStats(int total, Map<String, Integer> byStatus, double averageScore, int low,
                            Map<String, Namespace> namespaces) {

    /** @param gpus GPUs the namespace uses; @param averageScore their mean score (NaN when none has one) */
    public record Namespace(int gpus, double averageScore) {
    }

    /**
     * A GPU counts once in each namespace of {@code namespaces} (same order as {@code reports}); averages leave out
     * GPUs without a score, and GPUs not judged yet count in their status but never as low.
     */
    public static GpuUsageStats of(List<GpuUsageReport> reports, List<List<String>> namespaces) {
        if (reports.size() != namespaces.size()) {
            throw new IllegalArgumentException("one namespace list per report: " + reports.size() + " reports, "
                    + namespaces.size() + " lists");
        }
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (GpuUsageReport.Status s : GpuUsageReport.Status.values()) {
            byStatus.put(s.tag(), 0);
        }
        double sum = 0;
        int scored = 0;
        int low = 0;
        Map<String, double[]> ns = new TreeMap<>(); // namespace -> {gpus, score sum, scored}
        for (int i = 0; i < reports.size(); i++) {
            GpuUsageReport r = reports.get(i);
            byStatus.merge(r.status().tag(), 1, Integer::sum);
            double score = r.score();
            boolean hasScore = !Double.isNaN(score);
            if (hasScore) {
                sum += score;
                scored++;
            }
            if (r.lowUtilization()) {
                low++;
            }
            for (String n : namespaces.get(i)) {
                double[] a = ns.computeIfAbsent(n, k -> new double[3]);
                a[0]++;
                if (hasScore) {
                    a[1] += score;
                    a[2]++;
                }
            }
        }
        Map<String, Namespace> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : ns.entrySet()) {
            double[] a = e.getValue();
            out.put(e.getKey(), new Namespace((int) a[0], a[2] == 0 ? Double.NaN : a[1] / a[2]));
        }
        return new GpuUsageStats(reports.size(), Collections.unmodifiableMap(byStatus),
                scored == 0 ? Double.NaN : sum / scored, low, Collections.unmodifiableMap(out));
    }
}
