package io.github.energy4j.agent.promql;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query?query=Q&time=T}). The response shape
 * is Prometheus's documented one (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries):
 * {@code {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[ts,"v"]}]}}};
 * a scalar result is {@code "data":{"resultType":"scalar","result":[ts,"v"]}}. Thread-safe; each call is one
 * blocking request within the timeout.
 */
public final class PrometheusClient {

    // a PromQL answer is small (one sample per series); a larger body means a wrong URL or query
    private static final int MAX_BODY = 16 << 20;

    private final URI base;
    private final Duration timeout;

    /** One sample of an instant vector. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /**
     * @param baseUrl {@code http(s)://host:9090} (a path prefix such as {@code /prometheus} is kept)
     * @throws IllegalArgumentException when the URL is not http(s)
     */
    public PrometheusClient(String baseUrl, Duration timeout) {
        URI u;
        try {
            u = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prometheus must be an http(s) URL such as http://prometheus:9090, was '"
                    + baseUrl + "'");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("--prometheus must be an http(s) URL such as http://prometheus:9090, was '"
                    + baseUrl + "'");
        }
        String s = u.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
    }

    /** The base URL. */
    public URI base() {
        return base;
    }

    /**
     * Evaluates {@code promql} at {@code time}.
     *
     * @return the vector's samples (a scalar comes back as one sample without labels); NaN values are kept
     * @throws IOException when Prometheus is unreachable or answers an error (the message says which)
     */
    public List<Sample> query(String promql, Instant time) throws IOException {
        String q = "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + new BigDecimal(time.toEpochMilli()).movePointLeft(3).toPlainString();
        URI u = URI.create(base + q);
        HttpURLConnection c = (HttpURLConnection) u.toURL().openConnection();
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        c.setRequestProperty("Accept", "application/json");
        int status;
        byte[] body;
        try {
            status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException e) {
            throw new IOException("Prometheus at " + base + " unreachable (" + e.getMessage()
                    + "); check --prometheus and the network", e);
        } finally {
            c.disconnect();
        }
        if (body.length > MAX_BODY) {
            throw new IOException("Prometheus answer to '" + promql + "' exceeds " + (MAX_BODY >> 20) + " MiB");
        }
        Object doc;
        try {
            doc = JsonTree.parse(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("Prometheus at " + base + " answered HTTP " + status + " with no JSON ("
                    + e.getMessage() + "); is --prometheus the Prometheus base URL?");
        }
        if (!"success".equals(JsonTree.string(doc, "", "status"))) {
            throw new IOException("Prometheus rejected '" + promql + "': " + JsonTree.string(doc, "HTTP " + status, "error"));
        }
        return samples(doc);
    }

    static List<Sample> samples(Object doc) throws IOException {
        String type = JsonTree.string(doc, "", "data", "resultType");
        Object result = JsonTree.path(doc, "data", "result");
        List<Sample> out = new ArrayList<>();
        if (type.equals("scalar")) {
            out.add(new Sample(Map.of(), number(result)));
            return out;
        }
        if (!type.equals("vector") || !(result instanceof List<?> list)) {
            throw new IOException("expected an instant vector from Prometheus, got resultType '" + type + "'");
        }
        for (Object r : list) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (JsonTree.member(r, "metric") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    labels.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                }
            }
            out.add(new Sample(labels, number(JsonTree.member(r, "value"))));
        }
        return out;
    }

    // [timestamp, "value"]: Prometheus writes values as strings so that NaN and Inf survive JSON
    private static double number(Object pair) throws IOException {
        if (pair instanceof List<?> l && l.size() == 2 && l.get(1) instanceof String s) {
            if (s.equals("+Inf") || s.equals("-Inf")) {
                return s.charAt(0) == '+' ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IOException("Prometheus sample value '" + s + "' is not a number");
            }
        }
        throw new IOException("Prometheus sample is not [time, \"value\"]: " + JsonTree.toJson(pair));
    }
}
