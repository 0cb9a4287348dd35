package io.github.energy4j.nvml.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GpuUsageAnalyzerTest {

    private static final long S = 1_000_000_000L;
    private static final double GIB = 1 << 30;

    private final GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(GpuAnalysisConfig.builder()
            .window(Duration.ofSeconds(60)).capacity(1000).build());

    private void feed(long fromSecond, int seconds, double util, double mem, double watts, int procs) {
        for (int t = 0; t < seconds; t++) {
            analyzer.record(0, (fromSecond + t) * S, util, mem, watts, 1400, procs);
        }
    }

    @Test
    void shouldMoveFromIdleToActiveToSuspiciousAsTheWindowSlides() {
        analyzer.describe(0, "GPU-x", "Stub", 400);
        feed(0, 60, 0, 0.1 * GIB, 60, 0);
        GpuUsageReport r = analyzer.report(0);
        assertEquals(GpuUsageReport.Status.IDLE, r.status());
        assertTrue(r.lowUtilization());

        feed(60, 61, 85, 20 * GIB, 320, 1); // the window now holds only busy samples
        r = analyzer.report(0);
        assertEquals(GpuUsageReport.Status.ACTIVE, r.status());
        assertEquals(85, r.utilization().mean(), 1e-9);
        assertFalse(r.lowUtilization());

        feed(121, 61, 0, 20 * GIB, 70, 1); // memory still held, SMs idle: a zombie
        r = analyzer.report(0);
        assertEquals(GpuUsageReport.Status.SUSPICIOUS, r.status());
        assertEquals(1, r.maxProcesses());
    }

    @Test
    void shouldFlagHeldMemoryWithoutProcessListAsSuspicious() {
        feed(0, 10, 0.5, 4 * GIB, 70, -1);
        assertEquals(GpuUsageReport.Status.SUSPICIOUS, analyzer.report(0).status());
    }

    @Test
    void shouldComputeMeanVarianceAndChangeRateOverTheWindow() {
        analyzer.describe(0, "GPU-x", "Stub", 400);
        // utilisation 10, 20, ..., 50 at 1 s spacing
        for (int t = 0; t < 5; t++) {
            analyzer.record(0, t * S, 10 * (t + 1), GIB, 200, 1000 + 100 * t, 1);
        }
        GpuUsageReport r = analyzer.report(0);
        assertEquals(5, r.samples());
        assertEquals(4.0, r.windowSeconds(), 1e-9);
        assertEquals(30, r.utilization().mean(), 1e-9);
        assertEquals(200, r.utilization().variance(), 1e-9); // population variance of 10..50
        assertEquals(10, r.utilization().ratePerSecond(), 1e-9);
        assertEquals(100, r.smClock().ratePerSecond(), 1e-9);
        assertEquals(0, r.power().variance(), 1e-9);
        // score = 0.7 * 30 + 0.3 * (100 * 200 / 400)
        assertEquals(0.7 * 30 + 0.3 * 50, r.score(), 1e-9);
    }

    @Test
    void shouldScoreUtilisationAloneWhenPowerLimitIsUnknown() {
        feed(0, 3, 42, GIB, 300, 1);
        assertEquals(42, analyzer.report(0).score(), 1e-9);
        assertEquals(100, GpuUsageAnalyzer.score(100, 900, 400), 1e-9, "power share is capped at 100");
    }

    @Test
    void shouldIgnoreUnavailableReadingsInStatistics() {
        analyzer.record(0, 0, 50, Double.NaN, Double.NaN, Double.NaN, 1);
        analyzer.record(0, S, 70, Double.NaN, 100, Double.NaN, 1);
        GpuUsageReport r = analyzer.report(0);
        assertEquals(60, r.utilization().mean(), 1e-9);
        assertEquals(1, r.power().samples());
        assertTrue(Double.isNaN(r.smClock().mean()));
        assertEquals(GpuUsageReport.Status.ACTIVE, r.status());
    }

    @Test
    void shouldKeepOnlyTheNewestSamplesWhenTheRingIsFull() {
        GpuUsageAnalyzer small = new GpuUsageAnalyzer(GpuAnalysisConfig.builder().capacity(4).build());
        for (int t = 0; t < 10; t++) {
            small.record(0, t * S, t, 0, 0, 0, 0);
        }
        GpuUsageReport r = small.report(0);
        assertEquals(4, r.samples());
        assertEquals(7.5, r.utilization().mean(), 1e-9); // 6, 7, 8, 9
    }

    @Test
    void shouldReportUnknownForGpuWithoutSamples() {
        analyzer.describe(1, "GPU-y", "Stub", 300);
        GpuUsageReport r = analyzer.report(1);
        assertEquals(GpuUsageReport.Status.UNKNOWN, r.status());
        assertTrue(Double.isNaN(r.score()));
    }

    @Test
    void shouldRejectInvalidSettingsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuAnalysisConfig.builder().lowUtilizationThreshold(120).build());
        assertTrue(e.getMessage().contains("lowUtilizationThreshold"));
        assertThrows(IllegalArgumentException.class, () -> GpuAnalysisConfig.builder().window(Duration.ZERO).build());
    }

    @Test
    void shouldNotJudgeAGpuWithLessHistoryThanAskedAndJudgeItOnceTheWindowIsFull() {
        GpuUsageAnalyzer a = new GpuUsageAnalyzer(GpuAnalysisConfig.builder().window(Duration.ofSeconds(10))
                .minHistory(Duration.ofSeconds(9)).capacity(100).build());
        for (int t = 0; t < 5; t++) {
            a.record(0, t * S, 0, 8 * GIB, 60, 300, 35 + t, 2, 1);
        }
        GpuUsageReport r = a.report(0);
        assertEquals(GpuUsageReport.Status.INSUFFICIENT_HISTORY, r.status());
        assertFalse(r.lowUtilization(), "not judged, so not low either");
        assertEquals(4.0, r.historySeconds(), 1e-9);
        assertEquals(37.0, r.temperature().mean(), 1e-9);
        assertEquals(1.0, r.temperature().ratePerSecond(), 1e-9);
        assertEquals(2.0, r.memoryUtilization().mean(), 1e-9);
        for (int t = 5; t < 10; t++) {
            a.record(0, t * S, 0, 8 * GIB, 60, 300, 35, 2, 1);
        }
        assertEquals(GpuUsageReport.Status.SUSPICIOUS, a.report(0).status());
        assertTrue(a.report(0).lowUtilization());
    }

    @Test
    void shouldRefuseAMinimumHistoryLongerThanTheWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpuAnalysisConfig.builder()
                .window(Duration.ofSeconds(10)).minHistory(Duration.ofSeconds(11)).build());
        assertTrue(e.getMessage().contains("minHistory"), e.getMessage());
    }
}
