package io.github.energy4j.nvml.analysis.internal;

import io.github.energy4j.nvml.analysis.GpuUsageReport;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Sums per-process GPU usage by pod and by namespace. The pid → pod mapping is a function so that
 * this module does not depend on energy-k8s: pass {@code pid -> resolver.resolve(pid, start)...}, or
 * anything answering {@code "namespace/pod"}, or {@code null} for a process outside any pod (those
 * are summed under {@value #HOST}).
 */
public final class GpuWorkloadAggregation {

    /** Key of processes that belong to no pod. */
    public static final String HOST = "host";

    private GpuWorkloadAggregation() {
    }

    /** Usage per {@code namespace/pod}, sorted by key. */
    public static List<GpuWorkloadUsage> byPod(List<GpuUsageReport.ProcessUsage> processes, IntFunction<String> podOfPid) {
        return aggregate(processes, podOfPid, false);
    }

    /** Usage per namespace (the part of the pod key before {@code /}), sorted by key. */
    public static List<GpuWorkloadUsage> byNamespace(List<GpuUsageReport.ProcessUsage> processes, IntFunction<String> podOfPid) {
        return aggregate(processes, podOfPid, true);
    }

    private static List<GpuWorkloadUsage> aggregate(List<GpuUsageReport.ProcessUsage> processes, IntFunction<String> podOfPid,
                                                    boolean namespaceOnly) {
        Map<String, Acc> acc = new TreeMap<>();
        for (GpuUsageReport.ProcessUsage p : processes) {
            String pod = podOfPid.apply(p.pid());
            String key = pod == null || pod.isBlank() ? HOST : pod;
            if (namespaceOnly && !HOST.equals(key)) {
                int slash = key.indexOf('/');
                key = slash < 0 ? key : key.substring(0, slash);
            }
            Acc a = acc.computeIfAbsent(key, k -> new Acc());
            a.processes++;
            a.gpus.set(p.gpu());
            a.sm += p.smPercent();
            a.memory += Math.max(0, p.memoryBytes());
        }
        List<GpuWorkloadUsage> out = new ArrayList<>(acc.size());
        for (Map.Entry<String, Acc> e : acc.entrySet()) {
            Acc a = e.getValue();
            out.add(new GpuWorkloadUsage(e.getKey(), a.processes, a.gpus.cardinality(), a.sm, a.memory));
        }
        return out;
    }

    private static final class Acc {
        int processes;
        final BitSet gpus = new BitSet();
        double sm;
        long memory;
    }
}
