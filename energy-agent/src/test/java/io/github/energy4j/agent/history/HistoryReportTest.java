package io.github.energy4j.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.agent.DurationConverter;
import io.github.energy4j.agent.Main;
import io.github.energy4j.agent.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryReportTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertOneLineExitTwo(String[] r, String line) {
        assertEquals("2", r[0], r[2]);
        assertEquals(line + "\n", r[2]);
        assertEquals("", r[1]);
    }

    private static void assertOneLineExitTwo(String[] r, String start, String end) {
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith(start) && r[2].endsWith(end + "\n"), r[2]);
        assertFalse(r[2].contains("Exception"), r[2]);
    }

    @Test
    void shouldSayWhatFailedInOneLineWhenPrometheusIsDownOrSomethingElse() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:" + closed, "--timeout", "2s"),
                "energy4j report: Prometheus at http://127.0.0.1:" + closed + " unreachable (connection refused or no "
                        + "route); check the URL and the network");
        HttpServer notProm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notProm.createContext("/", ex -> {
            byte[] b = "<html>login</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().startsWith("/api/v1/query") ? 200 : 404, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        notProm.createContext("/bad/api/v1/query", ex -> {
            byte[] b = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        notProm.start();
        try {
            String base = "http://127.0.0.1:" + notProm.getAddress().getPort();
            assertOneLineExitTwo(run("report", "--prometheus", base), "energy4j report: Prometheus answered HTTP 200 "
                    + "with no JSON (", "); is the URL the Prometheus base URL?");
            assertOneLineExitTwo(run("report", "--prometheus", base + "/bad"), "energy4j report: Prometheus rejected '",
                    "' (HTTP 400, bad_data): parse error");
        } finally {
            notProm.stop(0);
        }
    }

    @Test
    void shouldRejectBadFlagsInOneLine() {
        assertOneLineExitTwo(run("report", "--range", "30d"), "energy4j report: --range, --end and --compare report a "
                + "past period and need --prometheus URL (the Prometheus that scrapes energy4j serve)");
        assertOneLineExitTwo(run("report", "--prometheus", "ftp://x", "--range", "30d"), "energy4j report: the "
                + "Prometheus URL must be an http(s) URL such as http://prometheus:9090, was 'ftp://x'");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--range", "30x"), "energy4j report: "
                + "invalid value for option '--range': '30x' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or "
                + "PT10S)");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--range", "30s"), "energy4j report: "
                + "--range must be at least 1m, such as 30d, 4w or 12h, was PT30S");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--end", "yesterday"), "energy4j "
                + "report: --end must be RFC 3339 (2026-12-01T00:00:00Z) or Unix seconds, was 'yesterday'");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--compare", "last"), "energy4j "
                + "report: --compare must be one of previous, none, was 'last'");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--format", "table"), "energy4j "
                + "report: --format must be one of markdown, html, json, was 'table'");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--all-processes"), "energy4j "
                + "report: --all-processes is for a live report; --prometheus, --range, --end and --compare report a "
                + "past period");
    }

    @Test
    void shouldParseRangesAndEnds() {
        assertEquals(Duration.ofDays(30), HistoryReport.range(DurationConverter.parse("30d")));
        assertEquals(Duration.ofDays(28), HistoryReport.range(DurationConverter.parse("4w")));
        assertEquals(Duration.ofHours(12), HistoryReport.range(DurationConverter.parse("12h")));
        assertEquals(Duration.ofHours(36), HistoryReport.range(DurationConverter.parse("PT36H")));
        assertEquals("--range must be at least 1m, such as 30d, 4w or 12h, was PT59S", assertThrows(
                UsageException.class, () -> HistoryReport.range(Duration.ofSeconds(59))).getMessage());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), HistoryReport.end("2026-12-01T00:00:00Z"));
        assertEquals(Instant.ofEpochSecond(1764547200L), HistoryReport.end("1764547200"));
    }
}
