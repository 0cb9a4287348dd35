package io.github.energy4j.profiler.internal.report;

import java.util.List;

/**
 * The top-N method table as JSON, with the profile's figures. A pure function.
 *
 * <p>Keys, in this order (a contract): {@code format} ({@code energy4j-profile/1}), {@code statement},
 * {@code provenance}, {@code samplingIntervalMillis}, {@code windowMillis}, {@code samples}, {@code coverage},
 * {@code joules}, {@code gpuJoules} (null when no GPU is metered), {@code gpuProvenance}, {@code cpuSeconds},
 * {@code sampledCpuSeconds}, {@code durationSeconds}, {@code windows}, {@code unpricedWindows},
 * {@code lateSamples}, {@code pid}, {@code application}, {@code start}, {@code methodsTotal}, {@code methods}
 * (the first N rows of {@link MethodTable#rows}: {@code method}, {@code selfJoules}, {@code totalJoules},
 * {@code share}, {@code samples}).
 */
public final class JsonReport {

    private JsonReport() {
    }

    /** The JSON text, indented, ending with a newline. */
    public static String format(EnergyProfile p, int top) {
        ProfileSummary s = p.summary();
        List<MethodTable.Row> rows = MethodTable.rows(p);
        StringBuilder b = new StringBuilder("{\n");
        field(b, "format", Text.json("energy4j-profile/1"));
        field(b, "statement", Text.json(Text.statement(s)));
        field(b, "provenance", Text.json(s.provenance().toString()));
        field(b, "samplingIntervalMillis", Long.toString(s.interval().toMillis()));
        field(b, "windowMillis", Long.toString(s.window().toMillis()));
        field(b, "samples", Long.toString(s.samples()));
        field(b, "coverage", number(s.coverage(), 6));
        field(b, "joules", number(s.joules(), 6));
        field(b, "gpuJoules", number(s.gpuJoules(), 6));
        field(b, "gpuProvenance", Text.json(Double.isNaN(s.gpuJoules()) ? "unavailable" : s.gpuProvenance().toString()));
        field(b, "cpuSeconds", number(s.cpuSeconds(), 6));
        field(b, "sampledCpuSeconds", number(s.sampledCpuSeconds(), 6));
        field(b, "durationSeconds", number(s.duration().toNanos() * 1e-9, 3));
        field(b, "windows", Long.toString(s.windows()));
        field(b, "unpricedWindows", Long.toString(s.unpricedWindows()));
        field(b, "lateSamples", Long.toString(s.lateSamples()));
        field(b, "pid", Long.toString(s.pid()));
        field(b, "application", Text.json(s.application()));
        field(b, "start", Text.json(s.start().toString()));
        field(b, "methodsTotal", Integer.toString(rows.size()));
        b.append("  \"methods\": [");
        for (int i = 0; i < rows.size() && i < top; i++) {
            MethodTable.Row r = rows.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"method\": ").append(Text.json(r.method()))
                    .append(", \"selfJoules\": ").append(Text.fixed(r.selfJoules(), 6))
                    .append(", \"totalJoules\": ").append(Text.fixed(r.totalJoules(), 6))
                    .append(", \"share\": ").append(Text.fixed(r.share(), 6))
                    .append(", \"samples\": ").append(r.samples()).append('}');
        }
        b.append(rows.isEmpty() || top == 0 ? "]\n" : "\n  ]\n").append("}\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append("  ").append(Text.json(key)).append(": ").append(value).append(",\n");
    }

    private static String number(double v, int decimals) {
        String f = Text.fixed(v, decimals);
        return f == null ? "null" : f;
    }
}
