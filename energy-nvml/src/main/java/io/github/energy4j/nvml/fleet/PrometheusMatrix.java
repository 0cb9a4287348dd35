package io.github.energy4j.nvml.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the answer of Prometheus's range query API ({@code GET /api/v1/query_range}): {@code {"status":"success",
 * "data":{"resultType":"matrix","result":[{"metric":{labels},"values":[[unixSeconds,"value"],...]}]}}}, as
 * documented in the Prometheus HTTP API reference (prometheus.io/docs/prometheus/latest/querying/api/, "Range
 * queries" and "Range vectors"). Values are strings there because they may be NaN or ±Inf.
 */
final class PrometheusMatrix {

    private static final JsonFactory JSON = new JsonFactory();

    /** One series: its labels and samples (time in milliseconds since the epoch, value). */
    record Series(Map<String, String> labels, long[] timesMillis, double[] values) {
    }

    private PrometheusMatrix() {
    }

    /** @throws IOException naming what is wrong with the answer (an error status, not a matrix, bad JSON) */
    static List<Series> parse(byte[] body) throws IOException {
        List<Series> out = new ArrayList<>();
        String status = null;
        String error = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "status" -> status = p.getText();
                    case "error" -> error = p.getText();
                    case "data" -> data(p, t, out);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("the answer is not valid JSON: " + e.getOriginalMessage());
        }
        if (!"success".equals(status)) {
            throw new IOException("Prometheus answered status " + status + (error == null ? "" : ": " + error));
        }
        return out;
    }

    private static void data(JsonParser p, JsonToken t, List<Series> out) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new IOException("data is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("resultType") && !"matrix".equals(p.getText())) {
                throw new IOException("resultType is " + p.getText() + ", not matrix");
            } else if (f.equals("result") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    out.add(series(p));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static Series series(JsonParser p) throws IOException {
        Map<String, String> labels = new HashMap<>();
        List<long[]> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (f.equals("metric") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    labels.put(k, p.getText());
                }
            } else if (f.equals("values") && t == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    double seconds = p.getDoubleValue();
                    p.nextToken();
                    double v = parseValue(p.getText());
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        throw new IOException("a sample is not [time, \"value\"]");
                    }
                    times.add(new long[] {Math.round(seconds * 1000)});
                    values.add(v);
                }
            } else {
                p.skipChildren();
            }
        }
        long[] ts = new long[times.size()];
        double[] vs = new double[values.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i)[0];
            vs[i] = values.get(i);
        }
        return new Series(Map.copyOf(labels), ts, vs);
    }

    private static double parseValue(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isInfinite(d) ? Double.NaN : d;
        } catch (NumberFormatException e) {
            return Double.NaN; // "NaN" parses; anything else is unknown, not zero
        }
    }
}
