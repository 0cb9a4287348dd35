package io.github.energy4j.nvml.analysis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GpuAnalysisMetricsTest {

    @Test
    void shouldExposeScorePerGpuAndCountsOfIdleLowAndSuspiciousGpus() {
        GpuUsageAnalyzer a = new GpuUsageAnalyzer(GpuAnalysisConfig.defaults());
        a.describe(0, "GPU-a", "A", Double.NaN);
        a.describe(1, "GPU-b", "B", Double.NaN);
        a.describe(2, "GPU-c", "C", Double.NaN);
        a.describe(3, "GPU-d", "D", Double.NaN);
        for (int t = 0; t < 3; t++) {
            long now = t * 1_000_000_000L;
            a.record(0, now, 0, 0, 50, 300, 0); // idle
            a.record(1, now, 90, 8e9, 300, 1800, 1); // active, well used
            a.record(2, now, 0, 8e9, 60, 300, 1); // zombie
            a.record(3, now, 12, 1e9, 100, 900, 1); // active but low
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GpuAnalysisMetrics(a).bindTo(registry);
        assertEquals(90, registry.get("gpu.utilization.score").tag("gpu", "1").gauge().value(), 1e-9);
        assertEquals(12, registry.get("gpu.utilization.score").tag("uuid", "GPU-d").gauge().value(), 1e-9);
        assertEquals(1, registry.get("gpu.count.idle").gauge().value());
        assertEquals(1, registry.get("gpu.count.suspicious").gauge().value());
        assertEquals(3, registry.get("gpu.count.low").gauge().value()); // idle, zombie and the 12% one

        a.record(0, 3_000_000_000L, 95, 0, 50, 300, 1); // gauges read live values
        a.record(0, 4_000_000_000L, 95, 0, 50, 300, 1);
        assertEquals(0, registry.get("gpu.count.idle").gauge().value(), "window mean is 38% now");
    }
}
