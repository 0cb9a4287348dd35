package io.github.energy4j.nvml.analysis.internal;

import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Micrometer gauges of the GPU usage analysis: {@code gpu.utilization.score} per GPU (tag
 * {@code gpu} = NVML index, {@code uuid}), and {@code gpu.count.idle}, {@code gpu.count.low},
 * {@code gpu.count.suspicious}. Binds a gauge for each GPU the analyser knows at bind time.
 *
 * <p>Requires micrometer-core on the class path (an optional dependency of energy-nvml). Gauges read
 * the analyser when scraped; a GPU without samples reads NaN, never throws. The binder holds strong
 * references to everything it reads.
 */
public final class GpuAnalysisMetrics implements MeterBinder {

    private final GpuUsageAnalyzer analyzer;

    public GpuAnalysisMetrics(GpuUsageAnalyzer analyzer) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (GpuUsageReport r : analyzer.reports()) {
            int gpu = r.gpu();
            Gauge.builder("gpu.utilization.score", this, m -> m.score(gpu))
                    .description("GPU utilisation score 0-100 over the analysis window")
                    .tag("gpu", Integer.toString(gpu))
                    .tag("uuid", r.uuid())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("gpu.count.idle", this, m -> m.count(GpuUsageReport.Status.IDLE))
                .description("GPUs with no work and no memory held over the window").strongReference(true)
                .register(registry);
        Gauge.builder("gpu.count.suspicious", this, m -> m.count(GpuUsageReport.Status.SUSPICIOUS))
                .description("GPUs holding memory or processes at about 0% SM utilisation").strongReference(true)
                .register(registry);
        Gauge.builder("gpu.count.low", this, GpuAnalysisMetrics::lowCount)
                .description("GPUs whose utilisation score is below the low-utilisation threshold")
                .strongReference(true).register(registry);
    }

    private double score(int gpu) {
        try {
            return analyzer.report(gpu).score();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double count(GpuUsageReport.Status status) {
        try {
            int n = 0;
            for (GpuUsageReport r : analyzer.reports()) {
                if (r.status() == status) {
                    n++;
                }
            }
            return n;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double lowCount() {
        try {
            List<GpuUsageReport> reports = analyzer.reports();
            int n = 0;
            for (GpuUsageReport r : reports) {
                if (r.lowUtilization()) {
                    n++;
                }
            }
            return n;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
