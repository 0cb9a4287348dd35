package io.github.energy4j.agent.gpu;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Ai;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The {@code gpu_*} series of the GPU service, refreshed after each analysis and each LLM answer (never per
 * scrape). Labels stay low-cardinality: per GPU {@code gpu_uuid}, {@code gpu_name}, {@code status}; per namespace
 * {@code namespace}; per status {@code status}; the LLM's verdict {@code ai_status}. A GPU's series move to its new
 * status label when its status changes (the old one is removed), so one GPU never has two scores. The registry's
 * common tags add {@code node_name}.
 */
final class GpuServiceMetrics {

    private final GpuMonitor monitor;
    private final List<PerGpu> perGpu = new ArrayList<>();
    private final MultiGauge statusCount;
    private final MultiGauge namespaceCount;
    private final MultiGauge namespaceScore;
    private final MultiGauge aiConfidence;
    private final MultiGauge aiScore;

    /** One per-GPU gauge family and what it reads from a report. */
    private record PerGpu(MultiGauge gauge, ToDoubleFunction<GpuUsageReport> value) {
    }

    GpuServiceMetrics(GpuMonitor monitor, MeterRegistry registry) {
        this.monitor = monitor;
        perGpu("gpu.utilization.score", "Utilisation score 0-100 over the analysis window", GpuUsageReport::score,
                registry);
        perGpu("gpu.core.utilization", "Mean SM (core) utilisation over the window, percent",
                r -> r.utilization().mean(), registry);
        perGpu("gpu.memory.copy.utilization", "Mean memory-controller utilisation over the window, percent",
                r -> r.memoryUtilization().mean(), registry);
        perGpu("gpu.memory.used.mb", "Mean device memory used over the window, MiB",
                r -> r.memoryUsed().mean() / (1 << 20), registry);
        perGpu("gpu.sm.clock.mhz", "Mean SM clock over the window, MHz", r -> r.smClock().mean(), registry);
        perGpu("gpu.power.usage.watts", "Mean power draw over the window, watts", r -> r.power().mean(), registry);
        perGpu("gpu.temperature.celsius", "Mean GPU core temperature over the window, degrees Celsius",
                r -> r.temperature().mean(), registry);
        Gauge.builder("gpu.total.count", monitor, m -> stat(m, s -> s.stats().total()))
                .description("GPUs in the last analysis").strongReference(true).register(registry);
        Gauge.builder("gpu.average.score", monitor, m -> stat(m, s -> s.stats().averageScore()))
                .description("Mean utilisation score of the GPUs in the last analysis").strongReference(true)
                .register(registry);
        Gauge.builder("gpu.idle.count", monitor, m -> stat(m, s -> s.stats().byStatus().get("idle")))
                .description("GPUs idle over the window").strongReference(true).register(registry);
        Gauge.builder("gpu.low.utilization.count", monitor, m -> stat(m, s -> s.stats().low()))
                .description("GPUs whose score is under the low-utilisation threshold").strongReference(true)
                .register(registry);
        statusCount = MultiGauge.builder("gpu.status.count").description("GPUs per status in the last analysis")
                .register(registry);
        namespaceCount = MultiGauge.builder("gpu.namespace.count")
                .description("GPUs with a process of the namespace (host: processes outside pods)").register(registry);
        namespaceScore = MultiGauge.builder("gpu.namespace.average.score")
                .description("Mean utilisation score of the namespace's GPUs").register(registry);
        aiConfidence = MultiGauge.builder("gpu.ai.analysis.confidence")
                .description("The LLM's confidence 0-1 in its status (ai_status) for the GPU").register(registry);
        aiScore = MultiGauge.builder("gpu.ai.adjusted.score")
                .description("The LLM's adjusted utilisation score 0-100 for the GPU").register(registry);
        FunctionCounter.builder("gpu.analysis", monitor, GpuMonitor::analysesTotal)
                .description("GPU analyses run").register(registry);
        FunctionCounter.builder("gpu.analysis.errors", monitor, GpuMonitor::errorsTotal)
                .description("GPU analyses that failed").register(registry);
        Gauge.builder("gpu.analysis.duration.seconds", monitor, GpuMonitor::lastDurationSeconds)
                .description("How long the last GPU analysis took").strongReference(true).register(registry);
        monitor.onChange(this::refresh);
        refresh();
    }

    private void perGpu(String name, String help, ToDoubleFunction<GpuUsageReport> value, MeterRegistry registry) {
        perGpu.add(new PerGpu(MultiGauge.builder(name).description(help).register(registry), value));
    }

    private static double stat(GpuMonitor m, ToDoubleFunction<GpuAnalysisResult> f) {
        GpuAnalysisResult r = m.latest();
        return r == null ? Double.NaN : f.applyAsDouble(r);
    }

    /** Re-registers the rows from the last analysis and the LLM answers; synchronized against itself. */
    synchronized void refresh() {
        GpuAnalysisResult r = monitor.latest();
        if (r == null) {
            return;
        }
        for (PerGpu p : perGpu) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Gpu g : r.gpus()) {
                double v = p.value().applyAsDouble(g.report());
                rows.add(MultiGauge.Row.of(gpuTags(g.report()).and("status", g.report().status().tag()), v));
            }
            p.gauge().register(rows, true);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> e : r.stats().byStatus().entrySet()) {
            rows.add(MultiGauge.Row.of(Tags.of("status", e.getKey()), e.getValue()));
        }
        statusCount.register(rows, true);
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> scores = new ArrayList<>();
        for (Map.Entry<String, GpuUsageStats.Namespace> e : r.stats().namespaces().entrySet()) {
            counts.add(MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue().gpus()));
            scores.add(MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue().averageScore()));
        }
        namespaceCount.register(counts, true);
        namespaceScore.register(scores, true);
        Map<String, Ai> advice = monitor.advice();
        List<MultiGauge.Row<?>> conf = new ArrayList<>();
        List<MultiGauge.Row<?>> adjusted = new ArrayList<>();
        for (Gpu g : r.gpus()) {
            Ai a = advice.get(GpuMonitor.key(g.report()));
            if (a == null || a.advice() == null) {
                continue;
            }
            conf.add(MultiGauge.Row.of(gpuTags(g.report()).and("ai_status", a.advice().status()),
                    a.advice().confidence()));
            if (!Double.isNaN(a.advice().adjustedScore())) {
                adjusted.add(MultiGauge.Row.of(gpuTags(g.report()), a.advice().adjustedScore()));
            }
        }
        aiConfidence.register(conf, true);
        aiScore.register(adjusted, true);
    }

    private static Tags gpuTags(GpuUsageReport r) {
        return Tags.of("gpu_uuid", GpuMonitor.key(r), "gpu_name", r.name());
    }
}
