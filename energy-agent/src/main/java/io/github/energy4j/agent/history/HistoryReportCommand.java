package io.github.energy4j.agent.history;

import io.github.energy4j.agent.Args;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.internal.prometheus.PrometheusClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code energy4j report --prometheus URL [--range 30d] [--end TIME] [--compare previous|none]
 * [--format markdown|html|json]}: the green-ops report of a past period from the series the agents wrote to
 * Prometheus (see {@link GreenOpsHistory} for the figures, the efficiency score and the recommendations).
 */
public final class HistoryReportCommand {

    private HistoryReportCommand() {
    }

    private static final Set<String> FLAGS = Set.of("prometheus", "range", "end", "compare", "format", "timeout");
    private static final Set<String> OWN = Set.of("--prometheus", "--range", "--end", "--compare");

    /** True when {@code args} name a flag only the history report has. */
    public static boolean wanted(List<String> args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (OWN.contains(eq > 0 ? a.substring(0, eq) : a)) {
                return true;
            }
        }
        return false;
    }

    /** Runs; Prometheus failures are usage errors (one line, exit 2) saying what to check. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("report", argv, FLAGS, Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("report: unexpected argument '" + a.positional().get(0) + "'");
        }
        if (!a.has("prometheus")) {
            throw new UsageException("report: --range, --end and --compare report a past period and need --prometheus URL "
                    + "(the Prometheus that scrapes energy4j serve)");
        }
        Duration range = range(a.get("range", "30d"));
        Instant end = end(a.get("end", ""));
        String compare = a.choice("compare", "none", "previous", "none");
        String format = a.choice("format", "markdown", "markdown", "html", "json");
        PrometheusClient p;
        try {
            p = new PrometheusClient(a.get("prometheus", ""), a.duration("timeout", Duration.ofSeconds(30)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: " + e.getMessage());
        }
        String window = range.toSeconds() + "s";
        GreenOpsHistory h;
        try {
            PeriodFigures now = PeriodFigures.fetch(p, end.minus(range), end, window);
            if (now.empty()) {
                throw new UsageException("report: Prometheus at " + p.base() + " has no kepler_node_cpu_joules_total "
                        + "series in " + end.minus(range) + " to " + end + "; check that it scrapes energy4j serve "
                        + "(default Kepler naming) and that --range and --end cover that time");
            }
            PeriodFigures before = compare.equals("previous")
                    ? PeriodFigures.fetch(p, end.minus(range).minus(range), end.minus(range), window) : null;
            h = new GreenOpsHistory(now, before, p.base().toString());
        } catch (IOException e) {
            throw new UsageException("report: " + e.getMessage());
        }
        out.print(switch (format) {
            case "json" -> HistoryRender.json(h);
            case "html" -> HistoryRender.html(h);
            default -> HistoryRender.markdown(h);
        });
        return 0;
    }

    /** {@code 30d}, {@code 4w}, or any duration {@code energy4j} takes ({@code 12h}, {@code PT36H}). */
    static Duration range(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("d") || v.endsWith("w")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = v.endsWith("d") ? Duration.ofDays(n) : Duration.ofDays(7 * n);
            } else {
                d = Args.parseDuration(v);
            }
            if (d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("too short");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: --range must be a duration of at least 1m such as 30d, 4w or 12h, was '"
                    + s + "'");
        }
    }

    /** RFC 3339 ({@code 2026-12-01T00:00:00Z}) or Unix seconds; empty means now. */
    static Instant end(String s) {
        if (s.isBlank()) {
            return Instant.now();
        }
        try {
            return s.matches("\\d+(\\.\\d+)?") ? Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1000))
                    : Instant.parse(s.trim());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new UsageException("report: --end must be RFC 3339 (2026-12-01T00:00:00Z) or Unix seconds, was '"
                    + s + "'");
        }
    }
}
