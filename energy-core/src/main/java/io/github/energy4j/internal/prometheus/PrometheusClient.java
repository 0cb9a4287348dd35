package io.github.energy4j.internal.prometheus;

import io.github.energy4j.http.BoundedBody;
import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries the Prometheus HTTP API: instant queries ({@code GET /api/v1/query?query=Q&time=T}) and range queries
 * ({@code GET /api/v1/query_range?query=Q&start=S&end=E&step=D}).
 *
 * <p>The answer format is the documented one (https://prometheus.io/docs/prometheus/latest/querying/api/, "Format
 * overview", "Expression queries" and "Expression query result formats"): an envelope
 * {@code {"status":"success"|"error","data":{"resultType":...,"result":...},"errorType":"...","error":"..."}},
 * where an error comes with HTTP 400 (bad parameters), 422 (the expression cannot be executed) or 503 (timeout or
 * abort), and other non-2xx codes come from whatever stands before the API (a proxy, a login page). Results:
 * {@code vector} is {@code [{"metric":{labels},"value":[unixSeconds,"value"]}]}, {@code matrix} is
 * {@code [{"metric":{labels},"values":[[unixSeconds,"value"],...]}]}, {@code scalar} is
 * {@code [unixSeconds,"value"]}. Sample values are strings because they may be {@code NaN}, {@code +Inf} or
 * {@code -Inf}; they are read as such (callers decide what a non-finite value means to them). Native histogram
 * samples ({@code "histogram"} instead of {@code "value"}) are refused with a message; query a float series.
 *
 * <p>Every answer is read through {@link BoundedBody} (a size limit) within the timeout, connection included.
 * Thread-safe; each call is one blocking request. Cold path.
 */
public final class PrometheusClient {

    /** Largest answer read by default: a day of one series at 15 s steps is about 200 KiB; a fleet, a few MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 << 20;

    private final URI base;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final HttpClient http;

    /** One sample of an instant vector (or a scalar, without labels). */
    public record Sample(Map<String, String> labels, long timeMillis, double value) {
    }

    /** One series of a range query: its labels and samples (milliseconds since the epoch, value). */
    public record Series(Map<String, String> labels, long[] timesMillis, double[] values) {
    }

    /**
     * @param baseUrl {@code http(s)://host:9090}; a path prefix such as {@code /prometheus} is kept
     * @param timeout for each whole request (connection, answer and body)
     * @throws IllegalArgumentException when the URL is not http(s) with a host, saying so
     */
    public PrometheusClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, DEFAULT_MAX_BODY_BYTES);
    }

    /** As {@link #PrometheusClient(String, Duration)}, reading answers of at most {@code maxBodyBytes}. */
    public PrometheusClient(String baseUrl, Duration timeout, int maxBodyBytes) {
        URI u;
        try {
            u = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null || u.getRawQuery() != null) {
            throw new IllegalArgumentException("the Prometheus URL must be an http(s) URL such as "
                    + "http://prometheus:9090, was '" + baseUrl + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Prometheus timeout must be positive, was " + timeout);
        }
        String s = u.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        // HTTP/1.1: Prometheus serves it, and a plain-http request then carries no h2c upgrade for proxies to trip on
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The base URL, without a trailing slash. */
    public URI base() {
        return base;
    }

    /**
     * Evaluates {@code promql} at {@code time}.
     *
     * @return the samples of the vector; a scalar comes back as one sample without labels
     * @throws IOException when Prometheus is unreachable, slow, answers an error or something that is not an
     *                     instant vector or scalar; the message says which and what to check. An interrupt
     *                     is an {@link InterruptedIOException} with the thread's interrupt flag set again.
     */
    public List<Sample> query(String promql, Instant time) throws IOException {
        Object data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + seconds(time), promql);
        try {
            return samples(data);
        } catch (JsonException e) {
            throw new IOException("Prometheus answer to '" + promql + "' is not in the documented shape: "
                    + e.getMessage());
        }
    }

    /**
     * Evaluates {@code promql} from {@code start} to {@code end} every {@code step}.
     *
     * @return the series of the matrix
     * @throws IOException as {@link #query}, or when the answer is not a matrix
     */
    public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) throws IOException {
        Object data = get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + seconds(start) + "&end=" + seconds(end) + "&step="
                + BigDecimal.valueOf(step.toMillis()).movePointLeft(3).toPlainString(), promql);
        try {
            return series(data);
        } catch (JsonException e) {
            throw new IOException("Prometheus answer to '" + promql + "' is not in the documented shape: "
                    + e.getMessage());
        }
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    /** The {@code data} member of a successful answer. */
    private Object get(String pathAndQuery, String promql) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> r;
        try {
            r = BoundedBody.send(http, req, maxBodyBytes, "Prometheus answer to '" + promql + "'", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException("interrupted while querying Prometheus at " + base);
            ie.initCause(e);
            throw ie;
        } catch (HttpTimeoutException e) {
            throw new IOException("Prometheus at " + base + " gave no answer within " + timeout.toMillis()
                    + " ms; check the URL and the network, or allow a longer timeout", e);
        } catch (ConnectException e) {
            throw new IOException("Prometheus at " + base + " unreachable (connection refused or no route); "
                    + "check the URL and the network", e);
        } catch (IOException e) {
            String m = e.getMessage();
            throw new IOException("Prometheus at " + base + " unreachable (" + (m == null ? "I/O error" : m)
                    + "); check the URL and the network", e);
        }
        return data(r.statusCode(), r.body(), promql);
    }

    /**
     * The {@code data} member of an answer, or the error it carries.
     *
     * @throws IOException naming the error type and message of an error answer, or saying that the body is no
     *                     Prometheus answer at all
     */
    static Object data(int httpStatus, byte[] body, String promql) throws IOException {
        Object doc;
        try {
            doc = JsonTree.parse(body);
        } catch (JsonException e) {
            throw new IOException("Prometheus answered HTTP " + httpStatus + " with no JSON (" + e.getMessage()
                    + "); is the URL the Prometheus base URL?");
        }
        String status = JsonTree.string(doc, "", "status");
        if (status.equals("error")) {
            String type = JsonTree.string(doc, "", "errorType");
            throw new IOException("Prometheus rejected '" + promql + "' (HTTP " + httpStatus
                    + (type.isEmpty() ? "" : ", " + type) + "): " + JsonTree.string(doc, "no reason given", "error"));
        }
        if (!status.equals("success") || httpStatus / 100 != 2) {
            throw new IOException("Prometheus answered HTTP " + httpStatus + " with status '" + status
                    + "', not a query result; is the URL the Prometheus base URL?");
        }
        return JsonTree.member(doc, "data");
    }

    /** The samples of an instant query's {@code data}: a vector, or a scalar as one unlabelled sample. */
    static List<Sample> samples(Object data) throws IOException {
        String type = JsonTree.requireString(data, "resultType");
        List<Sample> out = new ArrayList<>();
        if (type.equals("scalar")) {
            List<Object> pair = JsonTree.requireArray(data, "result");
            out.add(new Sample(Map.of(), timeMillis(pair), value(pair)));
            return out;
        }
        if (!type.equals("vector")) {
            throw new IOException("expected an instant vector or a scalar from Prometheus, got resultType '" + type
                    + "'");
        }
        for (Map<String, Object> r : JsonTree.requireObjects(data, "result")) {
            List<Object> pair = pair(r, "value");
            out.add(new Sample(labels(r), timeMillis(pair), value(pair)));
        }
        return out;
    }

    /** The series of a range query's {@code data}, which must be a matrix. */
    static List<Series> series(Object data) throws IOException {
        String type = JsonTree.requireString(data, "resultType");
        if (!type.equals("matrix")) {
            throw new IOException("expected a range vector from Prometheus, but resultType is " + type
                    + ", not matrix");
        }
        List<Series> out = new ArrayList<>();
        for (Map<String, Object> r : JsonTree.requireObjects(data, "result")) {
            List<Object> values = r.containsKey("values") || !r.containsKey("histograms")
                    ? JsonTree.requireArray(r, "values") : nativeHistogram();
            long[] ts = new long[values.size()];
            double[] vs = new double[values.size()];
            for (int k = 0; k < ts.length; k++) {
                if (!(values.get(k) instanceof List<?> p)) {
                    throw new IOException("a sample is " + JsonTree.kind(values.get(k)) + ", not [time, \"value\"]");
                }
                @SuppressWarnings("unchecked")
                List<Object> pair = (List<Object>) p;
                ts[k] = timeMillis(pair);
                vs[k] = value(pair);
            }
            out.add(new Series(labels(r), ts, vs));
        }
        return out;
    }

    private static List<Object> pair(Map<String, Object> r, String field) throws IOException {
        if (!r.containsKey(field) && r.containsKey("histogram")) {
            nativeHistogram();
        }
        return JsonTree.requireArray(r, field);
    }

    private static List<Object> nativeHistogram() throws IOException {
        throw new IOException("the query selects native histogram samples, which this reader does not take; "
                + "query a float series (for example histogram_quantile or histogram_count of it)");
    }

    private static Map<String, String> labels(Map<String, Object> r) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : JsonTree.object(r, "metric").entrySet()) {
            if (e.getValue() instanceof String v) {
                labels.put(e.getKey(), v);
            }
        }
        return labels;
    }

    private static long timeMillis(List<Object> pair) throws IOException {
        checkPair(pair);
        if (pair.get(0) instanceof BigDecimal t) {
            return t.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
        }
        throw new IOException("a sample's time is " + JsonTree.kind(pair.get(0)) + ", not unix seconds");
    }

    // the value is a string so that NaN and +Inf/-Inf survive JSON (Go's strconv formatting of a float64)
    private static double value(List<Object> pair) throws IOException {
        checkPair(pair);
        if (pair.get(1) instanceof String s) {
            switch (s) {
                case "+Inf", "Inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "NaN" -> {
                    return Double.NaN;
                }
                default -> {
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new IOException("sample value '" + s + "' is not a number");
                    }
                }
            }
        }
        throw new IOException("a sample's value is " + JsonTree.kind(pair.get(1)) + ", not a string");
    }

    private static void checkPair(List<Object> pair) throws IOException {
        if (pair.size() != 2) {
            throw new IOException("a sample has " + pair.size() + " elements, not [time, \"value\"]");
        }
    }
}
