package io.github.energy4j.nvml.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.nvml.internal.NvmlNative;
import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuReportJson;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.spi.EnergySourceException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code energy4j gpus [--window 10m] [--samples N] [--interval 1s] [--format table|json]
 * [--low-threshold 20] [--library PATH]}: samples every GPU {@code N} times, {@code interval} apart,
 * and prints the usage analysis (status, score, means) per GPU.
 *
 * <p>Exit status 0 on success; 2 for a bad flag or when NVML is unavailable, with one line on
 * stderr saying what to do.
 */
public final class GpusCommand {

    static final String USAGE = "usage: energy4j gpus [--window 10m] [--samples N] [--interval 1s] "
            + "[--format table|json] [--low-threshold 20] [--library PATH]";

    private GpusCommand() {
    }

    /** Runs the command; never throws for bad input. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Duration window = Duration.ofMinutes(10);
        Duration interval = Duration.ofSeconds(1);
        int samples = 5;
        String format = "table";
        double low = 20;
        String library = NvmlNative.defaultLibrary();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (!name.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                switch (name) {
                    case "--window" -> window = duration(name, value, false);
                    case "--interval" -> interval = duration(name, value, true);
                    case "--samples" -> samples = positiveInt(name, value);
                    case "--format" -> {
                        format = value.toLowerCase(Locale.ROOT);
                        if (!format.equals("table") && !format.equals("json")) {
                            throw new IllegalArgumentException("--format must be table or json, was '" + value + "'");
                        }
                    }
                    case "--low-threshold" -> low = number(name, value);
                    case "--library" -> library = value;
                    default -> throw new IllegalArgumentException("unknown flag " + name);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("energy4j gpus: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        GpuAnalysisConfig config;
        try {
            config = GpuAnalysisConfig.builder().window(window).lowUtilizationThreshold(low)
                    .capacity(Math.max(2, samples)).build();
        } catch (IllegalArgumentException e) {
            err.println("energy4j gpus: " + e.getMessage());
            return 2;
        }
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(config);
        try (GpuSampler sampler = GpuSampler.open(library, analyzer)) {
            if (sampler.devices().isEmpty()) {
                err.println("energy4j gpus: NVML reports no GPU; check nvidia-smi -L");
                return 2;
            }
            for (String line : sampler.skipped()) {
                err.println("energy4j gpus: " + line);
            }
            for (int s = 0; s < samples; s++) {
                if (s > 0 && !interval.isZero()) {
                    Thread.sleep(interval.toMillis());
                }
                sampler.sample(System.nanoTime());
            }
        } catch (EnergySourceException e) {
            err.println("energy4j gpus: NVML unavailable: " + e.getMessage()
                    + (e.remedy().isEmpty() ? "" : "; " + e.remedy()));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("energy4j gpus: interrupted");
            return 2;
        }
        List<GpuUsageReport> reports = analyzer.reports();
        if (format.equals("json")) {
            printJson(reports, config, out);
        } else {
            printTable(reports, out);
        }
        return 0;
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

    private static void printJson(List<GpuUsageReport> reports, GpuAnalysisConfig config, PrintStream out) {
        try {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("windowSeconds", config.window().toSeconds());
            g.writeNumberField("lowUtilizationThreshold", config.lowUtilizationThreshold());
            g.writeArrayFieldStart("gpus");
            for (GpuUsageReport r : reports) {
                GpuReportJson.write(g, r, true);
            }
            g.writeEndArray();
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

    /** Parses {@code 500ms}, {@code 10s}, {@code 10m}, {@code 2h}; a bare number is seconds. */
    static Duration duration(String flag, String v, boolean zeroAllowed) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long factorMs;
        String digits;
        if (s.endsWith("ms")) {
            factorMs = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            factorMs = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            factorMs = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            factorMs = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            factorMs = 1000;
            digits = s;
        }
        try {
            long n = Long.parseLong(digits);
            if (n > 0 || (zeroAllowed && n == 0)) {
                return Duration.ofMillis(Math.multiplyExact(n, factorMs));
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 10s, 10m or 1h, was '" + v + "'");
    }

    private static int positiveInt(String flag, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from 1 to 1000000, was '" + v + "'");
    }

    private static double number(String flag, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a number from 0 to 100, was '" + v + "'");
    }
}
