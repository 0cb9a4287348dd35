package io.github.energy4j.nvml.analysis.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.MetricStats;
import java.io.IOException;
import java.io.StringWriter;

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

    private static void stats(JsonGenerator g, String name, MetricStats s) throws IOException {
        g.writeObjectFieldStart(name);
        number(g, "mean", s.mean());
        number(g, "variance", s.variance());
        number(g, "ratePerSecond", s.ratePerSecond());
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, Math.round(v * 1000.0) / 1000.0);
        }
    }
}
