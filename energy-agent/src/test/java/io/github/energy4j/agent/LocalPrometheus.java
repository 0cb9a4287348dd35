package io.github.energy4j.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package's binary) on loopback for the exporter's integration tests:
 * writes its configuration (every target scraped each second), starts it with its own storage and log in a
 * test directory, answers HTTP API queries, and stops it.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final String api;

    private LocalPrometheus(Process process, Path log, String api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    /**
     * Starts {@code binary} in {@code dir}; {@code scrapeConfigs} are the lines under {@code scrape_configs:}
     * (jobs and their targets).
     */
    static LocalPrometheus start(Path binary, Path dir, String... scrapeConfigs) throws IOException {
        return start(binary, dir, List.of(), scrapeConfigs);
    }

    /** Like {@link #start(Path, Path, String...)} with more command-line flags (retention for backfilled data). */
    static LocalPrometheus start(Path binary, Path dir, List<String> flags, String... scrapeConfigs) throws IOException {
        int port = freePort();
        List<String> lines = new ArrayList<>(List.of("global:", "  scrape_interval: 1s", "  scrape_timeout: 900ms",
                "scrape_configs:"));
        lines.addAll(List.of(scrapeConfigs));
        lines.add("");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n", lines));
        Path log = dir.resolve("prometheus.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(flags);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LocalPrometheus(p, log, "http://127.0.0.1:" + port + "/api/v1/");
    }

    /** GET of an HTTP API path below {@code /api/v1/} (with its query string); the body of a 200 answer. */
    String api(String pathAndQuery) throws IOException, InterruptedException {
        return get(api + pathAndQuery);
    }

    /** An instant query, optionally followed by more parameters ({@code &time=…}). */
    String query(String promql, String... moreParameters) throws IOException, InterruptedException {
        return api("query?query=" + enc(promql) + String.join("", moreParameters));
    }

    /** The server's base URL ({@code http://127.0.0.1:PORT}), as a client such as {@code gpus --prometheus} takes it. */
    String url() {
        return api.substring(0, api.length() - "/api/v1/".length());
    }

    /** What the server wrote so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** GET of {@code url}; the body of a 200 answer, an IOException naming the status otherwise. */
    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String enc(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
