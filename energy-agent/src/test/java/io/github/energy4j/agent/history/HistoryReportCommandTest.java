package io.github.energy4j.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.agent.Main;
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

class HistoryReportCommandTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertOneLineExitTwo(String[] r, String contains) {
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains(contains), r[2]);
        assertFalse(r[2].contains("Exception"), r[2]);
    }

    @Test
    void shouldSayWhatFailedInOneLineWhenPrometheusIsDownOrSomethingElse() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:" + closed, "--timeout", "2s"),
                "unreachable");
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
            assertOneLineExitTwo(run("report", "--prometheus", base), "no JSON");
            assertOneLineExitTwo(run("report", "--prometheus", base + "/bad"), "parse error");
        } finally {
            notProm.stop(0);
        }
    }

    @Test
    void shouldRejectBadFlagsInOneLine() {
        assertOneLineExitTwo(run("report", "--range", "30d"), "need --prometheus");
        assertOneLineExitTwo(run("report", "--prometheus", "ftp://x", "--range", "30d"), "http(s) URL");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--range", "30x"), "--range");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--end", "yesterday"), "--end");
        assertOneLineExitTwo(run("report", "--prometheus", "http://127.0.0.1:9", "--compare", "last"), "compare");
    }

    @Test
    void shouldParseRangesAndEnds() {
        assertEquals(Duration.ofDays(30), HistoryReportCommand.range("30d"));
        assertEquals(Duration.ofDays(28), HistoryReportCommand.range("4w"));
        assertEquals(Duration.ofHours(12), HistoryReportCommand.range("12h"));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), HistoryReportCommand.end("2026-12-01T00:00:00Z"));
        assertEquals(Instant.ofEpochSecond(1764547200L), HistoryReportCommand.end("1764547200"));
    }
}
