package io.github.energy4j.agent.gpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.CliCommand;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.internal.ChatCompletionsGpuAdvisor;
import io.github.energy4j.nvml.analysis.internal.GpuReportJson;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import io.github.energy4j.nvml.analysis.internal.RuleGpuAdvisor;
import io.github.energy4j.nvml.fleet.FleetGpuAnalysis;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code energy4j gpus}: the usage analysis (status, score, means) of every GPU.
 *
 * <ul>
 *   <li>Local (NVML): samples every GPU {@code interval} apart for the whole {@code --window} (default 5 s, so six
 *       samples at 1 s; {@code --window 10m} samples for ten minutes), or exactly {@code --samples N} times when
 *       that is given, and analyses the window.
 *   <li>Fleet ({@code --prometheus URL}): every GPU Prometheus has dcgm-exporter (or energy4j) history for, over the
 *       window ending now (default 10 min); see {@link FleetGpuAnalysis}.
 *   <li>{@code --ai}: adds LLM advice per GPU from an OpenAI-compatible chat-completions endpoint
 *       ({@code --ai-url} or {@code AI_URL}, {@code --ai-model} or {@code AI_MODEL}, default
 *       {@value #DEFAULT_MODEL}; key from {@code AI_API_KEY}); a failed request keeps the rule-based advice and
 *       says why.
 * </ul>
 *
 * <p>Exit status 0 on success; 2 for a bad option or when NVML or Prometheus is unavailable, with one line on
 * stderr saying what to do.
 */
@Command(name = "gpus", description = {"GPU usage analysis: active, idle, suspicious (memory held at 0 %% SM), from "
        + "NVML here, or with --prometheus URL for every GPU of a cluster from dcgm-exporter history (window default "
        + "10m)."})
public final class GpusCommand extends CliCommand {

    static final String DEFAULT_MODEL = "gpt-4o-mini";

    @Option(names = "--window", paramLabel = "D", description = "how long to sample (default 5s), or the history read "
            + "with --prometheus (default 10m)")
    private Duration window;

    @Option(names = "--samples", paramLabel = "N", description = "take exactly N samples instead (1 to 1000000)")
    private Integer samples;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", description = "time between samples "
            + "(default 1s)")
    private Duration interval;

    @Option(names = "--format", paramLabel = "F", description = "table|json (default table)")
    private String format = "table";

    @Option(names = "--low-threshold", paramLabel = "SCORE", description = "score under which a GPU counts as low "
            + "utilisation, 0 to 100 (default 20)")
    private double low = 20;

    @Option(names = "--library", paramLabel = "F", description = "the NVML library (default libnvidia-ml.so.1)")
    private String library;

    @Option(names = "--prometheus", paramLabel = "URL", description = "analyse every GPU Prometheus has "
            + "dcgm-exporter (or energy4j) history for")
    private String prometheus;

    @Option(names = "--ai", description = "add advice from an LLM per GPU (key from AI_API_KEY)")
    private boolean ai;

    @Option(names = "--ai-url", paramLabel = "URL", description = "an OpenAI-compatible chat-completions URL "
            + "(default AI_URL)")
    private String aiUrl;

    @Option(names = "--ai-model", paramLabel = "M", description = "the model (default AI_MODEL, else " + DEFAULT_MODEL
            + ")")
    private String aiModel;

    @Option(names = "--ai-timeout", paramLabel = "D", defaultValue = "20s", description = "per request (default 20s)")
    private Duration aiTimeout;

    @Override
    public Integer call() {
        if (aiUrl == null) {
            aiUrl = env.get("AI_URL");
        }
        if (aiModel == null) {
            aiModel = env.get("AI_MODEL");
        }
        String format = Cli.choice("--format", this.format, "table", "json");
        positive("--window", window);
        positive("--ai-timeout", aiTimeout);
        if (samples != null) {
            Cli.range("--samples", samples, 1, 1_000_000);
        }
        if (!(low >= 0 && low <= 100)) {
            throw new UsageException("--low-threshold must be a number from 0 to 100, was '" + low + "'");
        }
        URI prometheus = this.prometheus == null ? null : httpUri("--prometheus", this.prometheus);
        if (ai && (aiUrl == null || aiUrl.isBlank())) {
            throw new UsageException("--ai needs --ai-url (or AI_URL), an OpenAI-compatible chat-completions URL");
        }
        if (ai) {
            httpUri("--ai-url", aiUrl);
        }
        if (prometheus != null && samples != null) {
            throw new UsageException("--samples is for local sampling; with --prometheus the --window of history is "
                    + "read");
        }
        Duration window = this.window;
        int samples = this.samples == null ? -1 : this.samples;
        String library = this.library != null ? this.library : NvmlPowerSourceProvider.library(SourceContext.host());
        SourceContext aiContext = !ai ? null : new SourceContext(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"),
                Map.of(), env::get)
                .with(ChatCompletionsGpuAdvisor.ENABLED_KEY, "true")
                .with(ChatCompletionsGpuAdvisor.ENDPOINT_KEY, aiUrl.trim())
                .with(ChatCompletionsGpuAdvisor.MODEL_KEY, aiModel == null || aiModel.isBlank() ? DEFAULT_MODEL
                        : aiModel.trim())
                .with(ChatCompletionsGpuAdvisor.API_KEY_ENV_KEY, "AI_API_KEY")
                .with(ChatCompletionsGpuAdvisor.TIMEOUT_KEY, Double.toString(aiTimeout.toMillis() / 1000.0));
        if (prometheus != null) {
            return fleet(prometheus, window == null ? Duration.ofMinutes(10) : window, low, format, aiContext, out);
        }
        if (window == null) {
            // --samples alone: a window that holds them all, with a second's slack for the time NVML calls take
            window = samples > 0 ? Duration.ofMillis((long) samples * interval.toMillis() + 1000)
                    : Duration.ofSeconds(5);
        }
        if (samples <= 0) {
            // sample across the whole window: --window 10m means ten minutes of samples
            samples = (int) Math.min(1_000_000, window.toMillis() / Math.max(1, interval.toMillis()) + 1);
            if (window.compareTo(Duration.ofSeconds(30)) >= 0) {
                err.println("energy4j gpus: sampling for " + window.toSeconds() + " s (" + samples + " samples, "
                        + interval.toMillis() + " ms apart)");
            }
        }
        GpuAnalysisConfig config;
        try {
            // the samples taken during the window span it plus the time the NVML calls took: one interval of slack
            config = GpuAnalysisConfig.builder().window(window.plus(interval)).lowUtilizationThreshold(low)
                    .capacity(Math.max(2, samples)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(config);
        long sampledFrom;
        try (GpuSampler sampler = GpuSampler.open(library, analyzer)) {
            if (sampler.devices().isEmpty()) {
                throw new UsageException("NVML reports no GPU; check nvidia-smi -L");
            }
            for (String line : sampler.skipped()) {
                err.println("energy4j gpus: " + line);
            }
            sampledFrom = System.nanoTime();
            for (int s = 0; s < samples; s++) {
                if (s > 0 && !interval.isZero()) {
                    Thread.sleep(interval.toMillis());
                }
                sampler.sample(System.nanoTime());
            }
        } catch (EnergySourceException e) {
            throw new UsageException("NVML unavailable: " + e.getMessage()
                    + (e.remedy().isEmpty() ? "" : "; " + e.remedy()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        }
        // every sample taken counts, however late the sleeps ran on a busy machine
        Duration taken = Duration.ofNanos(System.nanoTime() - sampledFrom).plus(interval);
        List<GpuUsageReport> reports = analyzer.reports(taken.compareTo(config.window()) > 0 ? taken : config.window(),
                low, Duration.ZERO);
        List<GpuAdvisor.Advice> advice = advise(reports, List.of(), aiContext);
        if (format.equals("json")) {
            printJson(reports, window, config, advice, out);
        } else {
            printTable(reports, out);
            printAdvice(reports, advice, out);
        }
        return 0;
    }

    /** LLM advice per report (null where it failed, with the reason on stderr-free JSON); empty without AI. */
    private static List<GpuAdvisor.Advice> advise(List<GpuUsageReport> reports, List<List<String>> namespaces,
                                          SourceContext aiContext) {
        List<GpuAdvisor.Advice> out = new ArrayList<>();
        if (aiContext == null) {
            return out;
        }
        ChatCompletionsGpuAdvisor chat = new ChatCompletionsGpuAdvisor();
        RuleGpuAdvisor rules = new RuleGpuAdvisor();
        for (int i = 0; i < reports.size(); i++) {
            GpuUsageReport r = reports.get(i);
            try {
                out.add(chat.advise(r, namespaces.isEmpty() ? List.of() : namespaces.get(i), aiContext));
            } catch (GpuAdvisor.AdvisorException e) {
                GpuAdvisor.Advice fallback = rules.advise(r, aiContext);
                out.add(new GpuAdvisor.Advice(fallback.status(), fallback.confidence(), fallback.reason()
                        + " (LLM advice failed: " + e.getMessage() + ")", fallback.suggestion(), fallback.advisor()));
            }
        }
        return out;
    }

    private static void printAdvice(List<GpuUsageReport> reports, List<GpuAdvisor.Advice> advice, PrintStream out) {
        for (int i = 0; i < advice.size(); i++) {
            GpuAdvisor.Advice a = advice.get(i);
            out.printf(Locale.ROOT, "GPU %d advice (%s, confidence %.2f%s): %s; %s%n", reports.get(i).gpu(),
                    a.advisor(), a.confidence(), Double.isNaN(a.adjustedScore()) ? ""
                            : ", adjusted score " + Math.round(a.adjustedScore()), a.status() + ": " + a.reason(),
                    a.suggestion());
        }
    }

    private static int fleet(URI prometheus, Duration window, double low, String format, SourceContext aiContext,
                             PrintStream out) {
        FleetGpuAnalysis.Result result;
        try {
            result = FleetGpuAnalysis.analyze(prometheus, window, low, Duration.ofSeconds(30));
        } catch (java.io.InterruptedIOException e) {
            throw new UsageException("interrupted");
        } catch (IOException e) {
            throw new UsageException(e.getMessage() + "; check --prometheus " + prometheus);
        }
        if (result.gpus().isEmpty()) {
            throw new UsageException("Prometheus at " + prometheus + " has no dcgm-exporter (DCGM_FI_DEV_GPU_UTIL) "
                    + "nor energy4j (gpu_core_utilization) series in the last " + window.toSeconds()
                    + " s; check that it scrapes them");
        }
        List<GpuUsageReport> reports = new ArrayList<>();
        List<List<String>> namespaces = new ArrayList<>();
        for (FleetGpuAnalysis.FleetGpu g : result.gpus()) {
            reports.add(g.report());
            namespaces.add(g.namespaces());
        }
        GpuUsageStats stats = GpuUsageStats.of(reports, namespaces);
        List<GpuAdvisor.Advice> advice = advise(reports, namespaces, aiContext);
        if (format.equals("json")) {
            printFleetJson(result, stats, low, advice, out);
        } else {
            out.printf(Locale.ROOT, "%-24s %-40s %-10s %5s %4s %6s %10s %8s %s%n", "NODE", "GPU", "STATUS", "SCORE",
                    "LOW", "UTIL%", "MEM MiB", "POWER W", "NAMESPACES");
            for (FleetGpuAnalysis.FleetGpu g : result.gpus()) {
                GpuUsageReport r = g.report();
                out.printf(Locale.ROOT, "%-24s %-40s %-10s %5s %4s %6s %10s %8s %s%n", truncate(g.node(), 24),
                        truncate(r.uuid(), 40), r.status().tag(), fmt(r.score(), 0), r.lowUtilization() ? "yes" : "no",
                        fmt(r.utilization().mean(), 1), fmt(r.memoryUsed().mean() / (1 << 20), 0),
                        fmt(r.power().mean(), 1), g.namespaces().isEmpty() ? "-" : String.join(",", g.namespaces()));
            }
            out.printf(Locale.ROOT, "%d GPUs from %s over %d s: %s, average score %s, %d under %s%n", stats.total(),
                    result.source(), window.toSeconds(), stats.byStatus(), fmt(stats.averageScore(), 1), stats.low(),
                    fmt(low, 0));
            for (Map.Entry<String, GpuUsageStats.Namespace> e : stats.namespaces().entrySet()) {
                out.printf(Locale.ROOT, "namespace %s: %d GPUs, average score %s%n", e.getKey(), e.getValue().gpus(),
                        fmt(e.getValue().averageScore(), 1));
            }
            printAdvice(reports, advice, out);
        }
        return 0;
    }

    private static void printFleetJson(FleetGpuAnalysis.Result result, GpuUsageStats stats, double low,
                                       List<GpuAdvisor.Advice> advice, PrintStream out) {
        try {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("source", result.source());
            g.writeNumberField("windowSeconds", result.window().toSeconds());
            g.writeNumberField("lowUtilizationThreshold", low);
            g.writeArrayFieldStart("gpus");
            for (int i = 0; i < result.gpus().size(); i++) {
                FleetGpuAnalysis.FleetGpu fg = result.gpus().get(i);
                g.writeStartObject();
                g.writeStringField("node", fg.node());
                g.writeArrayFieldStart("namespaces");
                for (String n : fg.namespaces()) {
                    g.writeString(n);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("pods");
                for (String p : fg.pods()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeFieldName("analysis");
                GpuReportJson.write(g, fg.report(), true);
                if (!advice.isEmpty()) {
                    g.writeFieldName("advice");
                    adviceJson(g, advice.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("stats");
            GpuReportJson.write(g, stats);
            g.writeEndObject();
            g.close();
            out.println();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void adviceJson(JsonGenerator g, GpuAdvisor.Advice a) throws IOException {
        g.writeStartObject();
        g.writeStringField("advisor", a.advisor());
        g.writeStringField("status", a.status());
        g.writeNumberField("confidence", a.confidence());
        g.writeStringField("reason", a.reason());
        g.writeStringField("suggestion", a.suggestion());
        GpuReportJson.number(g, "adjustedScore", a.adjustedScore());
        g.writeEndObject();
    }

    private static URI httpUri(String flag, String v) {
        try {
            URI u = new URI(v.trim());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new UsageException(flag + " must be an http:// or https:// URL, was '" + v + "'");
    }

    private static void printTable(List<GpuUsageReport> reports, PrintStream out) {
        out.printf(Locale.ROOT, "%-4s %-24s %-10s %5s %4s %6s %10s %8s %7s %5s%n",
                "GPU", "NAME", "STATUS", "SCORE", "LOW", "UTIL%", "MEM MiB", "POWER W", "SM MHz", "PROCS");
        for (GpuUsageReport r : reports) {
            out.printf(Locale.ROOT, "%-4d %-24s %-10s %5s %4s %6s %10s %8s %7s %5s%n",
                    r.gpu(), truncate(r.name(), 24), r.status().tag(), fmt(r.score(), 0),
                    r.lowUtilization() ? "yes" : "no", fmt(r.utilization().mean(), 1),
                    fmt(r.memoryUsed().mean() / (1 << 20), 0), fmt(r.power().mean(), 1),
                    fmt(r.smClock().mean(), 0), r.maxProcesses() < 0 ? "-" : Integer.toString(r.maxProcesses()));
        }
    }

    private static void printJson(List<GpuUsageReport> reports, Duration window, GpuAnalysisConfig config,
                                  List<GpuAdvisor.Advice> advice, PrintStream out) {
        try {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("windowSeconds", window.toSeconds());
            g.writeNumberField("lowUtilizationThreshold", config.lowUtilizationThreshold());
            g.writeArrayFieldStart("gpus");
            for (GpuUsageReport r : reports) {
                GpuReportJson.write(g, r, true);
            }
            g.writeEndArray();
            if (!advice.isEmpty()) {
                g.writeArrayFieldStart("advice");
                for (GpuAdvisor.Advice a : advice) {
                    adviceJson(g, a);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.close();
            out.println();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static void positive(String option, Duration d) {
        if (d != null && d.isZero()) {
            throw new UsageException(option + " must be a positive duration such as 500ms, 10s, 10m or 1h, was '0'");
        }
    }
}
