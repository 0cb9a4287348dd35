package io.github.energy4j.agent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import io.github.energy4j.nvml.analysis.internal.RuleGpuAdvisor;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuStatsTest {

    private static final long S = 1_000_000_000L;

    @Test
    void shouldCountStatusesAverageScoresAndCountEachGpuOncePerNamespace() {
        GpuUsageAnalyzer a = new GpuUsageAnalyzer(GpuAnalysisConfig.builder().window(Duration.ofSeconds(10))
                .capacity(100).build());
        for (int t = 0; t < 5; t++) {
            a.record(0, t * S, 90, 8e9, Double.NaN, 1400, 2); // active, score 90 (no power limit: score = SM %)
            a.record(1, t * S, 0, 8e9, Double.NaN, 300, 1); // suspicious, score 0
            a.record(2, t * S, 30, 1e6, Double.NaN, 900, 0); // active, score 30
        }
        a.record(3, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1); // unknown, no score
        List<Gpu> gpus = List.of(
                gpu(a, 0, List.of("ml", "web")),
                gpu(a, 1, List.of("ml")),
                gpu(a, 2, List.of("host")),
                gpu(a, 3, List.of()));
        GpuUsageStats s = GpuStats.of(gpus);
        assertEquals(4, s.total());
        assertEquals(2, s.byStatus().get("active"));
        assertEquals(1, s.byStatus().get("suspicious"));
        assertEquals(1, s.byStatus().get("unknown"));
        assertEquals(0, s.byStatus().get("idle"));
        assertEquals(40.0, s.averageScore(), 1e-9, "(90 + 0 + 30) / 3: the GPU without a score is left out");
        assertEquals(1, s.low(), "score 0 is under the default threshold 20");
        assertEquals(2, s.namespaces().get("ml").gpus());
        assertEquals(45.0, s.namespaces().get("ml").averageScore(), 1e-9);
        assertEquals(1, s.namespaces().get("web").gpus());
        assertEquals(30.0, s.namespaces().get("host").averageScore(), 1e-9);
        assertEquals(List.of("host", "ml", "web"), List.copyOf(s.namespaces().keySet()), "sorted");
        assertTrue(Double.isNaN(GpuStats.of(List.of()).averageScore()));
    }

    private static Gpu gpu(GpuUsageAnalyzer a, int i, List<String> namespaces) {
        return new Gpu(a.report(i), List.of(), namespaces,
                new RuleGpuAdvisor().advise(a.report(i), SourceContext.of(Path.of("proc"), Path.of("sys"))));
    }

    @Test
    void shouldReadTheStartTimeAfterACommandHoldingSpacesAndParentheses() {
        String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 10";
        assertEquals(987654, ProcessOwners.parseStartTime(stat));
        assertEquals(-1, ProcessOwners.parseStartTime("4242 (short) S 1 2"));
        assertEquals(-1, ProcessOwners.parseStartTime("garbage"));
    }

    @Test
    void shouldTakeFlagsOverEnvironmentOverDefaults() {
        java.util.Map<String, String> env = java.util.Map.of("GPU_WINDOW", "5m", "GPU_LOW_THRESHOLD", "30",
                "AI_URL", "http://127.0.0.1:1/v1/chat/completions");
        java.util.Map<String, String> flags = java.util.Map.of("gpu-low-threshold", "40");
        GpuServiceOptions o = GpuServiceOptions.parse(flags::get, env::get,
                io.github.energy4j.agent.DurationConverter::parse);
        assertEquals(Duration.ofMinutes(5), o.window());
        assertEquals(40, o.lowThreshold(), 1e-9);
        assertEquals(Duration.ofSeconds(300), o.analysisInterval());
        assertEquals(8, o.workers());
        assertEquals(GpuServiceOptions.DEFAULT_MODEL, o.aiModel());
        assertTrue(o.aiConfigured());
        assertEquals("auto", o.mode());
    }
}
