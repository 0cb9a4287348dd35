package io.github.energy4j.agent.gpu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.agent.DurationConverter;
import java.io.IOException;
import java.time.Duration;

/**
 * The settings {@code POST /config/update} may change while the service runs. Immutable: an update makes a new
 * one, validated as a whole before it replaces the old.
 *
 * @param lowThreshold     score below which a GPU counts as low-utilised, 0–100
 * @param analysisInterval time between periodic analyses, 1s..24h
 * @param window           the rolling window each analysis covers, 2s..1h
 * @param aiEnabled        whether periodic analyses ask the LLM (only when an AI URL is configured)
 */
public record GpuSettings(double lowThreshold, Duration analysisInterval, Duration window, boolean aiEnabled) {

    private static final JsonFactory JSON = new JsonFactory();
    /** Largest update body read; the object has four short fields. */
    static final int MAX_UPDATE_BYTES = 4096;

    /**
     * This with the fields of a JSON object applied: {@code low_threshold} (number), {@code analysis_interval} and
     * {@code window} (a duration string such as {@code "30s"} or a number of seconds), {@code ai_enabled} (boolean).
     *
     * @param aiConfigured whether {@code ai_enabled: true} can be honoured
     * @throws IllegalArgumentException with the reason, for a 400 answer
     */
    public GpuSettings update(String body, boolean aiConfigured) {
        double low = lowThreshold;
        Duration interval = analysisInterval;
        Duration win = window;
        boolean ai = aiEnabled;
        int fields = 0;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object such as {\"low_threshold\": 25}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                fields++;
                switch (f) {
                    case "low_threshold" -> {
                        if (!t.isNumeric()) {
                            throw new IllegalArgumentException("low_threshold must be a number from 0 to 100");
                        }
                        low = p.getDoubleValue();
                        GpuServiceOptions.checkThreshold(low);
                    }
                    case "analysis_interval" -> {
                        interval = duration(p, t, f);
                        GpuServiceOptions.checkInterval(interval);
                    }
                    case "window" -> {
                        win = duration(p, t, f);
                        GpuServiceOptions.checkWindow(win);
                    }
                    case "ai_enabled" -> {
                        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("ai_enabled must be true or false");
                        }
                        ai = t == JsonToken.VALUE_TRUE;
                        if (ai && !aiConfigured) {
                            throw new IllegalArgumentException("ai_enabled needs an AI endpoint: start serve with "
                                    + "--ai-url");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown setting '" + f + "' (known: low_threshold, "
                            + "analysis_interval, window, ai_enabled)");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("the body must be one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body could not be read: " + e.getMessage());
        }
        if (fields == 0) {
            throw new IllegalArgumentException("no setting given (known: low_threshold, analysis_interval, window, "
                    + "ai_enabled)");
        }
        return new GpuSettings(low, interval, win, ai);
    }

    private static Duration duration(JsonParser p, JsonToken t, String field) throws IOException {
        try {
            if (t.isNumeric()) {
                double s = p.getDoubleValue();
                if (s >= 0 && s < 1e9) {
                    return Duration.ofMillis(Math.round(s * 1000));
                }
            } else if (t == JsonToken.VALUE_STRING) {
                return DurationConverter.parse(p.getText());
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(field + " must be a duration such as \"30s\", \"5m\" or a number of seconds");
    }
}
