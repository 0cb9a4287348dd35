package io.github.energy4j.agent.gpu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Ai;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Owner;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.internal.GpuReportJson;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/** The JSON bodies of the GPU endpoints (jackson-core streaming; NaN is written as null: unknown is not zero). */
final class GpuJson {

    private static final JsonFactory JSON = new JsonFactory();

    private GpuJson() {
    }

    /** A body written by {@code w}. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String render(Body b) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            b.write(g);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.append('\n').toString();
    }

    static String error(String message) {
        return render(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** The analysis; {@code lowOnly} keeps the GPUs under the threshold. Null {@code r}: none yet. */
    static void result(JsonGenerator g, GpuAnalysisResult r, Map<String, Ai> ai, boolean lowOnly) throws IOException {
        g.writeStartObject();
        g.writeNumberField("analysis", r.id());
        g.writeStringField("time", r.time().toString());
        GpuReportJson.number(g, "durationSeconds", r.durationSeconds());
        g.writeNumberField("windowSeconds", r.settings().window().toMillis() / 1000.0);
        g.writeNumberField("lowThreshold", r.settings().lowThreshold());
        g.writeArrayFieldStart("gpus");
        for (Gpu gpu : r.gpus()) {
            if (lowOnly && !gpu.report().lowUtilization()) {
                continue;
            }
            gpu(g, gpu, ai.get(GpuMonitor.key(gpu.report())));
        }
        g.writeEndArray();
        g.writeFieldName("stats");
        stats(g, r.stats());
        g.writeEndObject();
    }

    private static void gpu(JsonGenerator g, Gpu gpu, Ai ai) throws IOException {
        g.writeStartObject();
        g.writeFieldName("analysis");
        GpuReportJson.write(g, gpu.report(), true);
        g.writeArrayFieldStart("processes");
        for (Owner o : gpu.processes()) {
            g.writeStartObject();
            g.writeNumberField("pid", o.pid());
            g.writeNumberField("memoryBytes", o.memoryBytes());
            GpuReportJson.number(g, "smPercent", o.smPercent());
            g.writeStringField("container", o.container());
            g.writeStringField("pod", o.pod());
            g.writeStringField("namespace", o.namespace());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("namespaces");
        for (String n : gpu.namespaces()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeFieldName("advice");
        advice(g, gpu.advice());
        if (ai != null) {
            g.writeObjectFieldStart("ai");
            g.writeStringField("status", ai.status());
            g.writeNumberField("forAnalysis", ai.analysisId());
            g.writeStringField("time", ai.time().toString());
            if (ai.advice() != null) {
                g.writeFieldName("advice");
                advice(g, ai.advice());
            } else {
                g.writeStringField("error", ai.error());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void advice(JsonGenerator g, GpuAdvisor.Advice a) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", a.status());
        GpuReportJson.number(g, "confidence", a.confidence());
        g.writeStringField("reason", a.reason());
        g.writeStringField("suggestion", a.suggestion());
        GpuReportJson.number(g, "adjustedScore", a.adjustedScore());
        g.writeStringField("advisor", a.advisor());
        g.writeEndObject();
    }

    static void stats(JsonGenerator g, GpuUsageStats s) throws IOException {
        GpuReportJson.write(g, s);
    }

    static void config(JsonGenerator g, GpuMonitor m, boolean updateAllowed) throws IOException {
        GpuSettings s = m.settings();
        GpuServiceOptions o = m.options();
        g.writeStartObject();
        g.writeNumberField("low_threshold", s.lowThreshold());
        g.writeNumberField("analysis_interval_seconds", s.analysisInterval().toMillis() / 1000.0);
        g.writeNumberField("window_seconds", s.window().toMillis() / 1000.0);
        g.writeBooleanField("ai_enabled", s.aiEnabled());
        g.writeNumberField("sample_interval_seconds", m.sampleInterval().toMillis() / 1000.0);
        g.writeNumberField("workers", o.workers());
        g.writeBooleanField("ai_configured", o.aiConfigured());
        // the host only, never a path or query that might carry a token
        g.writeStringField("ai_host", o.aiConfigured() ? java.net.URI.create(o.aiUrl()).getHost() : "");
        g.writeStringField("ai_model", o.aiModel());
        g.writeBooleanField("config_update_allowed", updateAllowed);
        g.writeEndObject();
    }
}
