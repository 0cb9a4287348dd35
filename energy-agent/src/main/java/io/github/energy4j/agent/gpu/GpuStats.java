package io.github.energy4j.agent.gpu;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import java.util.ArrayList;
import java.util.List;

/** The numbers behind {@code /results/stats} and the count gauges: {@link GpuUsageStats} over one analysis. */
final class GpuStats {

    private GpuStats() {
    }

    static GpuUsageStats of(List<Gpu> gpus) {
        List<GpuUsageReport> reports = new ArrayList<>(gpus.size());
        List<List<String>> namespaces = new ArrayList<>(gpus.size());
        for (Gpu g : gpus) {
            reports.add(g.report());
            namespaces.add(g.namespaces());
        }
        return GpuUsageStats.of(reports, namespaces);
    }
}
