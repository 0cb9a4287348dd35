package io.github.energy4j.nvml.analysis.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.http.BoundedBody;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Optional advisor that asks an OpenAI-compatible chat-completions endpoint to classify a GPU report.
 * Off by default. Configuration ({@link SourceContext} keys):
 *
 * <ul>
 *   <li>{@code nvml.advisor.chat.enabled}: {@code true} to switch it on (default {@code false})
 *   <li>{@code nvml.advisor.chat.endpoint}: full URL of the chat-completions resource
 *       (default {@code https://api.openai.com/v1/chat/completions})
 *   <li>{@code nvml.advisor.chat.model}: model name (required)
 *   <li>{@code nvml.advisor.chat.apiKeyEnv}: environment variable holding the API key (default
 *       {@code OPENAI_API_KEY}); no key means no {@code Authorization} header (local servers)
 *   <li>{@code nvml.advisor.chat.timeoutSeconds}: the longest wait for the whole answer, body included
 *       (default 20)
 *   <li>{@code nvml.advisor.chat.retries}: further attempts after a timeout, a network failure, HTTP 429 or 5xx
 *       (default 2, 0–5); never after a malformed answer or a refused key
 *   <li>{@code nvml.advisor.chat.backoffMillis}: wait before the first retry, doubled for each next one
 *       (default 500)
 * </ul>
 *
 * <p>The answer must hold {@code status}, {@code confidence} (0–1); {@code reasons} and {@code actions} (arrays
 * of strings, or the older single {@code reason} / {@code suggestion} strings) and {@code adjusted_score} (0–100)
 * are read when present, and an out-of-range value rejects the whole answer.
 *
 * <p>Answers larger than 1 MiB are refused. A timeout, an oversized answer, a network failure, an
 * error status or an answer that is not the requested JSON object all end in a
 * {@link GpuAdvisor.AdvisorException}, so {@link GpuAdvisors#advise} goes on to the next advisor (the rules).
 *
 * <p>The key is only ever put into the {@code Authorization} header: never logged, never in an
 * exception message. Only the report's numbers and the GPU model name are sent, never process
 * ids or pod names.
 */
public final class ChatCompletionsGpuAdvisor implements GpuAdvisor {

    public static final String ENABLED_KEY = "nvml.advisor.chat.enabled";
    public static final String ENDPOINT_KEY = "nvml.advisor.chat.endpoint";
    public static final String MODEL_KEY = "nvml.advisor.chat.model";
    public static final String API_KEY_ENV_KEY = "nvml.advisor.chat.apiKeyEnv";
    public static final String TIMEOUT_KEY = "nvml.advisor.chat.timeoutSeconds";
    public static final String RETRIES_KEY = "nvml.advisor.chat.retries";
    public static final String BACKOFF_KEY = "nvml.advisor.chat.backoffMillis";
    static final String DEFAULT_ENDPOINT = "https://api.openai.com/v1/chat/completions";
    /** Largest answer read: one short JSON advice object with the API's envelope is a few KiB. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String SYSTEM_PROMPT = "You review GPU usage statistics from a monitoring tool. "
            + "The statistics are mean, variance and rate of change per second of each metric over the window, "
            + "with the number of compute processes and the Kubernetes namespaces using the GPU. "
            + "Reply with one JSON object and nothing else, with keys: status (one of active, idle, suspicious; "
            + "suspicious means memory is held while the SMs do nothing), confidence (number 0 to 1), "
            + "reasons (array of short sentences), actions (array of recommended actions for the operator), "
            + "adjusted_score (your utilisation score, number 0 to 100).";

    private volatile HttpClient client;

    @Override
    public String id() {
        return "chat";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean enabled(SourceContext context) {
        return context.getBoolean(ENABLED_KEY, false) && !context.get(MODEL_KEY, "").isEmpty();
    }

    @Override
    public GpuAdvisor.Advice advise(GpuUsageReport report, SourceContext context) throws GpuAdvisor.AdvisorException {
        return advise(report, List.of(), context);
    }

    /**
     * Advice for one GPU, telling the model which namespaces use it. Retries transient failures (see the class
     * comment); each attempt is bounded by the timeout, so the longest wait is about
     * {@code (retries + 1) × timeout + backoff × (2^retries − 1)}.
     *
     * @throws GpuAdvisor.AdvisorException when no valid advice could be obtained, with the last reason
     */
    public GpuAdvisor.Advice advise(GpuUsageReport report, List<String> namespaces, SourceContext context)
            throws GpuAdvisor.AdvisorException {
        int retries = boundedInt(context, RETRIES_KEY, 2, 0, 5);
        long backoff = boundedInt(context, BACKOFF_KEY, 500, 0, 60_000);
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(report, namespaces, context);
            } catch (Transient e) {
                if (attempt >= retries) {
                    throw new GpuAdvisor.AdvisorException(e.getMessage() + " (after " + (attempt + 1) + " attempts)",
                            e.getCause());
                }
                try {
                    Thread.sleep(backoff << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new GpuAdvisor.AdvisorException("interrupted while waiting to retry the chat endpoint", ie);
                }
            }
        }
    }

    /** A failure worth another attempt: timeout, network, 429, 5xx. */
    private static final class Transient extends GpuAdvisor.AdvisorException {
        Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static int boundedInt(SourceContext context, String key, int def, int min, int max)
            throws GpuAdvisor.AdvisorException {
        String v = context.get(key, Integer.toString(def));
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GpuAdvisor.AdvisorException(key + " must be a whole number from " + min + " to " + max + ", was '" + v + "'");
    }

    private GpuAdvisor.Advice attempt(GpuUsageReport report, List<String> namespaces, SourceContext context)
            throws GpuAdvisor.AdvisorException {
        String endpoint = context.get(ENDPOINT_KEY, DEFAULT_ENDPOINT);
        String model = context.get(MODEL_KEY, "");
        if (model.isEmpty()) {
            throw new GpuAdvisor.AdvisorException(MODEL_KEY + " is not set; name the chat model to ask");
        }
        Duration timeout = timeout(context);
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new GpuAdvisor.AdvisorException(ENDPOINT_KEY + " is not a URL: " + endpoint);
        }
        String keyEnv = context.get(API_KEY_ENV_KEY, "OPENAI_API_KEY");
        String key = context.env(keyEnv);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(model, report, namespaces),
                        StandardCharsets.UTF_8));
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key.trim());
        }
        HttpResponse<byte[]> response;
        try {
            // the whole answer within the timeout: the JDK's request timeout stops at the headers
            response = BoundedBody.send(client(timeout), request.build(), MAX_BODY_BYTES,
                    "chat answer from " + uri.getHost(), timeout);
        } catch (HttpTimeoutException e) {
            throw new Transient("chat endpoint " + uri.getHost() + " gave no answer within "
                    + timeout.toMillis() + " ms; raise " + TIMEOUT_KEY + " or check the endpoint", e);
        } catch (IOException e) {
            throw new Transient("chat endpoint " + uri.getHost() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuAdvisor.AdvisorException("interrupted while waiting for the chat endpoint", e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new GpuAdvisor.AdvisorException("chat endpoint rejected the credentials (HTTP " + status
                    + "); check the API key in environment variable " + keyEnv);
        }
        if (status == 429 || status >= 500) {
            throw new Transient("chat endpoint answered HTTP " + status + "; retry later or check "
                    + ENDPOINT_KEY, null);
        }
        if (status < 200 || status > 299) {
            throw new GpuAdvisor.AdvisorException("chat endpoint answered HTTP " + status + "; check " + ENDPOINT_KEY
                    + " and " + MODEL_KEY);
        }
        return parseResponse(new String(response.body(), StandardCharsets.UTF_8), id());
    }

    private HttpClient client(Duration timeout) {
        HttpClient c = client;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(timeout).build();
            client = c;
        }
        return c;
    }

    private static Duration timeout(SourceContext context) throws GpuAdvisor.AdvisorException {
        String v = context.get(TIMEOUT_KEY, "20");
        try {
            double s = Double.parseDouble(v);
            if (s > 0 && s <= 600) {
                return Duration.ofMillis((long) (s * 1000));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GpuAdvisor.AdvisorException(TIMEOUT_KEY + " must be seconds in (0, 600], was '" + v + "'");
    }

    /** The chat-completions request: the report as JSON in the user message. */
    static String requestBody(String model, GpuUsageReport r) {
        return requestBody(model, r, List.of());
    }

    /** The request with the namespaces on the GPU (names only: no pod, process or user names). */
    static String requestBody(String model, GpuUsageReport r, List<String> namespaces) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeNumberField("temperature", 0);
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "system");
            g.writeStringField("content", SYSTEM_PROMPT);
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("role", "user");
            String stats = GpuReportJson.toJson(r, false);
            if (!namespaces.isEmpty()) {
                stats = stats.substring(0, stats.length() - 1) + ",\"namespaces\":" + namespaceArray(namespaces) + "}";
            }
            g.writeStringField("content", stats);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static String namespaceArray(List<String> namespaces) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (String n : namespaces) {
                g.writeString(n);
            }
            g.writeEndArray();
        }
        return w.toString();
    }

    /** Extracts {@code choices[0].message.content} and reads the advice object in it. */
    static GpuAdvisor.Advice parseResponse(String body, String advisor) throws GpuAdvisor.AdvisorException {
        String content;
        try (JsonParser p = JSON.createParser(body)) {
            content = findContent(p);
        } catch (JsonProcessingException e) {
            throw new GpuAdvisor.AdvisorException("chat endpoint answered with something that is not JSON", e);
        } catch (IOException e) {
            throw new GpuAdvisor.AdvisorException("could not read the chat answer: " + e.getMessage(), e);
        }
        if (content == null) {
            throw new GpuAdvisor.AdvisorException("chat answer has no choices[0].message.content");
        }
        return parseAdvice(stripFence(content), advisor);
    }

    private static String findContent(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if ("choices".equals(field) && t == JsonToken.START_ARRAY) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("message".equals(f) && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String m = p.currentName();
                            JsonToken mv = p.nextToken();
                            if ("content".equals(m) && mv == JsonToken.VALUE_STRING) {
                                return p.getText();
                            }
                            p.skipChildren();
                        }
                        return null;
                    }
                    p.skipChildren();
                }
                return null;
            }
            p.skipChildren();
        }
        return null;
    }

    private static String stripFence(String s) {
        String t = s.trim();
        if (t.startsWith("```")) {
            int nl = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (nl > 0 && end > nl) {
                return t.substring(nl + 1, end).trim();
            }
        }
        return t;
    }

    private static GpuAdvisor.Advice parseAdvice(String content, String advisor) throws GpuAdvisor.AdvisorException {
        String status = null;
        String reason = "";
        String suggestion = "";
        double confidence = Double.NaN;
        double adjusted = Double.NaN;
        boolean adjustedGiven = false;
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new GpuAdvisor.AdvisorException("chat answer is not a JSON object with status, confidence, reason, suggestion");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "status" -> status = t == JsonToken.VALUE_STRING ? p.getText().trim().toLowerCase(Locale.ROOT) : null;
                    case "confidence" -> confidence = t.isNumeric() ? p.getDoubleValue()
                            : t == JsonToken.VALUE_STRING ? parseOrNaN(p.getText()) : Double.NaN;
                    case "reason" -> reason = t == JsonToken.VALUE_STRING ? p.getText() : reason;
                    case "suggestion" -> suggestion = t == JsonToken.VALUE_STRING ? p.getText() : suggestion;
                    case "reasons" -> reason = strings(p, t, reason);
                    case "actions" -> suggestion = strings(p, t, suggestion);
                    case "adjusted_score" -> {
                        adjustedGiven = t != JsonToken.VALUE_NULL;
                        adjusted = t.isNumeric() ? p.getDoubleValue() : Double.NaN;
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new GpuAdvisor.AdvisorException("chat answer content is not the requested JSON object", e);
        } catch (IOException e) {
            throw new GpuAdvisor.AdvisorException("could not read the chat answer: " + e.getMessage(), e);
        }
        if (!"active".equals(status) && !"idle".equals(status) && !"suspicious".equals(status)) {
            throw new GpuAdvisor.AdvisorException("chat answer has no valid status (active, idle, suspicious): " + status);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new GpuAdvisor.AdvisorException("chat answer has no confidence between 0 and 1");
        }
        if (adjustedGiven && !(adjusted >= 0 && adjusted <= 100)) {
            throw new GpuAdvisor.AdvisorException("chat answer has an adjusted_score that is not a number from 0 to 100");
        }
        return new GpuAdvisor.Advice(status, confidence, reason, suggestion, advisor, adjusted);
    }

    /** A string array joined with "; " (or a lone string); anything else leaves {@code def}. */
    private static String strings(JsonParser p, JsonToken t, String def) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return def;
        }
        StringBuilder b = new StringBuilder();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                if (b.length() > 0) {
                    b.append("; ");
                }
                b.append(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return b.toString();
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
