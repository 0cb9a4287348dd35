package io.github.energy4j.nvml.analysis.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/** Writes {@link GpuUsageReport}s as JSON (jackson-core streaming); used by the CLI and the chat advisor. */
public final class GpuReportJson {

    private static final JsonFactory JSON = new JsonFactory();

    private GpuReportJson() {
    }

    /** One report as a JSON object; {@code withIdentity} adds the UUID. */
    public static String toJson(GpuUsageReport r, boolean withIdentity) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, r, withIdentity);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Writes one report object into {@code g}. */
    public static void write(JsonGenerator g, GpuUsageReport r, boolean withIdentity) throws IOException {
        g.writeStartObject();
        g.writeNumberField("gpu", r.gpu());
        if (withIdentity) {
            g.writeStringField("uuid", r.uuid());
        }
        g.writeStringField("name", r.name());
        g.writeStringField("status", r.status().tag());
        number(g, "score", r.score());
        g.writeBooleanField("lowUtilization", r.lowUtilization());
        g.writeNumberField("samples", r.samples());
        number(g, "windowSeconds", r.windowSeconds());
        number(g, "historySeconds", r.historySeconds());
        g.writeNumberField("maxProcesses", r.maxProcesses());
        stats(g, "utilizationPercent", r.utilization());
        stats(g, "memoryUsedBytes", r.memoryUsed());
        stats(g, "powerWatts", r.power());
        stats(g, "smClockMhz", r.smClock());
        stats(g, "temperatureCelsius", r.temperature());
        stats(g, "memoryCopyUtilizationPercent", r.memoryUtilization());
        g.writeEndObject();
    }

    private static void stats(JsonGenerator g, String name, GpuUsageReport.Stats s) throws IOException {
        g.writeObjectFieldStart(name);
        number(g, "mean", s.mean());
        number(g, "variance", s.variance());
        number(g, "ratePerSecond", s.ratePerSecond());
        g.writeEndObject();
    }

    /**
     * The statistics of an analysis as one object: {@code total}, {@code byStatus}, {@code averageScore},
     * {@code lowUtilization} and per-namespace {@code gpus} and {@code averageScore} (the agent's
     * {@code /results/stats} and {@code gpus --format json}).
     */
    public static void write(JsonGenerator g, GpuUsageStats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("total", s.total());
        g.writeObjectFieldStart("byStatus");
        for (Map.Entry<String, Integer> e : s.byStatus().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        number(g, "averageScore", s.averageScore());
        g.writeNumberField("lowUtilization", s.low());
        g.writeObjectFieldStart("namespaces");
        for (Map.Entry<String, GpuUsageStats.Namespace> e : s.namespaces().entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("gpus", e.getValue().gpus());
            number(g, "averageScore", e.getValue().averageScore());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A number rounded to three decimals, or null when it is not finite (JSON has no NaN). */
    public static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, Math.round(v * 1000.0) / 1000.0);
        }
    }
}
