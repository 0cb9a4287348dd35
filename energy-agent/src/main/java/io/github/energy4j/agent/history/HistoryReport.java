package io.github.energy4j.agent.history;

import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.internal.prometheus.PrometheusClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/**
 * {@code energy4j report --prometheus URL [--range 30d] [--end TIME] [--compare previous|none]
 * [--format markdown|html|json]}: the green-ops report of a past period from the series the agents wrote to
 * Prometheus (see {@link GreenOpsHistory} for the figures, the efficiency score and the recommendations). A picocli
 * mixin of {@code report}, which runs it when {@link #wanted()}.
 */
public final class HistoryReport {

    @Option(names = "--prometheus", paramLabel = "URL", description = "report a past period from the Prometheus that "
            + "scrapes energy4j serve")
    private String prometheus;

    @Option(names = "--range", paramLabel = "D", description = "with --prometheus: the period, at least 1m (default "
            + "30d)")
    private Duration range;

    @Option(names = "--end", paramLabel = "T", description = "with --prometheus: the period's end, RFC 3339 "
            + "(2026-12-01T00:00:00Z) or Unix seconds (default now)")
    private String end;

    @Option(names = "--compare", paramLabel = "C", description = "with --prometheus: previous|none, compare with the "
            + "period before (default none)")
    private String compare;

    @Option(names = "--timeout", paramLabel = "D", description = "with --prometheus: per query (default 30s)")
    private Duration timeout;

    /** True when an option only the history report has was given. */
    public boolean wanted() {
        return prometheus != null || range != null || end != null || compare != null;
    }

    /** Runs; Prometheus failures are usage errors (one line, exit 2) saying what to check. */
    public int run(String format, PrintStream out) {
        if (prometheus == null) {
            throw new UsageException("--range, --end and --compare report a past period and need --prometheus URL "
                    + "(the Prometheus that scrapes energy4j serve)");
        }
        Duration range = range(this.range == null ? Duration.ofDays(30) : this.range);
        Instant end = end(this.end == null ? "" : this.end);
        String compare = Cli.choice("--compare", this.compare == null ? "none" : this.compare, "previous", "none");
        format = Cli.choice("--format", format == null ? "markdown" : format, "markdown", "html", "json");
        PrometheusClient p;
        try {
            p = new PrometheusClient(prometheus, timeout == null ? Duration.ofSeconds(30) : timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String window = range.toSeconds() + "s";
        GreenOpsHistory h;
        try {
            PeriodFigures now = PeriodFigures.fetch(p, end.minus(range), end, window);
            if (now.empty()) {
                throw new UsageException("Prometheus at " + p.base() + " has no kepler_node_cpu_joules_total "
                        + "series in " + end.minus(range) + " to " + end + "; check that it scrapes energy4j serve "
                        + "(default Kepler naming) and that --range and --end cover that time");
            }
            PeriodFigures before = compare.equals("previous")
                    ? PeriodFigures.fetch(p, end.minus(range).minus(range), end.minus(range), window) : null;
            h = new GreenOpsHistory(now, before, p.base().toString());
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        out.print(switch (format) {
            case "json" -> HistoryRender.json(h);
            case "html" -> HistoryRender.html(h);
            default -> HistoryRender.markdown(h);
        });
        return 0;
    }

    /** {@code range} when it is at least a minute. */
    static Duration range(Duration range) {
        if (range.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new UsageException("--range must be at least 1m, such as 30d, 4w or 12h, was " + range);
        }
        return range;
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
            throw new UsageException("--end must be RFC 3339 (2026-12-01T00:00:00Z) or Unix seconds, was '"
                    + s + "'");
        }
    }
}
