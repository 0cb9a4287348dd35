package io.github.energy4j.nvml.analysis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.nvml.analysis.GpuUsageReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuWorkloadAggregationTest {

    private static final List<GpuUsageReport.ProcessUsage> PROCS = List.of(
            new GpuUsageReport.ProcessUsage(10, 0, 60, 1000),
            new GpuUsageReport.ProcessUsage(11, 1, 30, 2000),
            new GpuUsageReport.ProcessUsage(20, 0, 5, -1),
            new GpuUsageReport.ProcessUsage(30, 2, 40, 500),
            new GpuUsageReport.ProcessUsage(99, 3, 1, 100));
    private static final Map<Integer, String> PODS = Map.of(10, "ml/train-0", 11, "ml/train-0", 20, "ml/notebook",
            30, "web/infer");

    @Test
    void shouldSumProcessesOfOnePodAcrossGpus() {
        List<GpuWorkloadUsage> pods = GpuWorkloadAggregation.byPod(PROCS, PODS::get);
        assertEquals(List.of(
                new GpuWorkloadUsage("host", 1, 1, 1, 100),
                new GpuWorkloadUsage("ml/notebook", 1, 1, 5, 0),
                new GpuWorkloadUsage("ml/train-0", 2, 2, 90, 3000),
                new GpuWorkloadUsage("web/infer", 1, 1, 40, 500)), pods);
    }

    @Test
    void shouldSumPodsOfOneNamespace() {
        List<GpuWorkloadUsage> ns = GpuWorkloadAggregation.byNamespace(PROCS, PODS::get);
        assertEquals(List.of(
                new GpuWorkloadUsage("host", 1, 1, 1, 100),
                new GpuWorkloadUsage("ml", 3, 2, 95, 3000),
                new GpuWorkloadUsage("web", 1, 1, 40, 500)), ns);
    }
}
