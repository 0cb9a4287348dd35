package io.github.energy4j.nvml.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.internal.prometheus.PrometheusClient.Series;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet analysis of parsed range-query series (the answer format itself is tested with the one Prometheus
 * client, energy-core's PrometheusClientTest).
 */
class FleetGpuAnalysisTest {

    @Test
    void shouldMergeTheSeriesOfOneGpuAcrossPodsAndJudgeItOnTheWindow() {
        // one GPU seen under two pods in turn (dcgm-exporter labels the series with the pod using the GPU)
        Map<String, String> a = Map.of("UUID", "GPU-z", "Hostname", "n1", "namespace", "ml", "pod", "a");
        Map<String, String> b = Map.of("UUID", "GPU-z", "Hostname", "n1", "namespace", "ml", "pod", "b");
        Series utilA = new Series(a, new long[] {0, 1000}, new double[] {0, 0});
        Series utilB = new Series(b, new long[] {2000, 3000}, new double[] {0, 0});
        Series memA = new Series(a, new long[] {0, 1000}, new double[] {4096, 4096});
        Series memB = new Series(b, new long[] {2000, 3000}, new double[] {4096, 4096});
        List<FleetGpuAnalysis.FleetGpu> gpus = FleetGpuAnalysis.analyze(FleetGpuAnalysis.DCGM, Map.of(
                "DCGM_FI_DEV_GPU_UTIL", List.of(utilA, utilB), "DCGM_FI_DEV_FB_USED", List.of(memA, memB)),
                Duration.ofMinutes(1), 20, 1000);
        assertEquals(1, gpus.size());
        FleetGpuAnalysis.FleetGpu g = gpus.get(0);
        assertEquals(4, g.report().samples());
        assertEquals(GpuUsageReport.Status.SUSPICIOUS, g.report().status(), "4 GiB held at 0 % SM");
        assertEquals(4096.0 * (1 << 20), g.report().memoryUsed().mean(), 1e-6);
        assertEquals(List.of("ml"), g.namespaces());
        assertEquals(List.of("ml/a", "ml/b"), g.pods());
        assertEquals("n1", g.node());
    }

    @Test
    void shouldTakeAnInfiniteSampleAsUnknownNotAsAHugeReading() {
        Map<String, String> l = Map.of("UUID", "GPU-i", "Hostname", "n1");
        Series util = new Series(l, new long[] {0, 1000, 2000}, new double[] {50, 50, 50});
        Series watts = new Series(l, new long[] {0, 1000, 2000},
                new double[] {100, Double.POSITIVE_INFINITY, 200});
        List<FleetGpuAnalysis.FleetGpu> gpus = FleetGpuAnalysis.analyze(FleetGpuAnalysis.DCGM, Map.of(
                "DCGM_FI_DEV_GPU_UTIL", List.of(util), "DCGM_FI_DEV_POWER_USAGE", List.of(watts)),
                Duration.ofMinutes(1), 20, 1000);
        assertEquals(1, gpus.size());
        assertEquals(150.0, gpus.get(0).report().power().mean(), 1e-9, "the +Inf sample is left out");
    }
}
