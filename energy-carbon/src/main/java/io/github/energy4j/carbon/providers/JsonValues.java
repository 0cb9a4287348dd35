package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.IntensityPoint;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a small JSON document with the jackson-core streaming parser into maps, lists, strings, doubles,
 * booleans and nulls, and offers typed accessors that throw {@link FeedException} (BAD_RESPONSE) naming the
 * missing field. The documents here are a few kB, so a tree is simpler than per-provider token loops.
 */
final class JsonValues {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonValues() {
    }

    static Object parse(String providerId, String json) throws FeedException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw bad(providerId, "empty body");
            }
            Object value = read(p, t);
            if (p.nextToken() != null) {
                throw bad(providerId, "trailing content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new FeedException(FeedException.Kind.BAD_RESPONSE, 0,
                    providerId + " sent a body that is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FeedException(FeedException.Kind.BAD_RESPONSE, 0,
                    providerId + " sent a body that is not JSON: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("unterminated array");
                    }
                    list.add(read(p, e));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    static FeedException bad(String providerId, String what) {
        return new FeedException(FeedException.Kind.BAD_RESPONSE, providerId + " response not in the documented shape: " + what);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String providerId, Object value, String what) throws FeedException {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw bad(providerId, what + " is not an object");
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(String providerId, Object value, String what) throws FeedException {
        if (value instanceof List) {
            return (List<Object>) value;
        }
        throw bad(providerId, what + " is not an array");
    }

    static double number(String providerId, Map<String, Object> obj, String field) throws FeedException {
        Object v = obj.get(field);
        if (v instanceof Double) {
            return (Double) v;
        }
        throw bad(providerId, "field '" + field + "' is missing or not a number");
    }

    /**
     * An intensity point from answer values, checked here so that a bad value is a {@link FeedException}
     * (the feed falls back) and never an unchecked exception on the refresh thread: grams per kWh must be
     * finite and non-negative, the period positive and within the time line.
     */
    static IntensityPoint point(String providerId, Instant start, Duration period, double gramsPerKwh)
            throws FeedException {
        if (period == null || period.isNegative() || period.isZero()) {
            throw bad(providerId, "the period of a data point is not positive: " + period);
        }
        try {
            return point(providerId, start, start.plus(period), gramsPerKwh);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw bad(providerId, "a data point ends beyond the time line: " + start + " + " + period);
        }
    }

    static IntensityPoint point(String providerId, Instant start, Instant end, double gramsPerKwh)
            throws FeedException {
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw bad(providerId, "intensity " + gramsPerKwh + " is not a non-negative number");
        }
        if (!end.isAfter(start)) {
            throw bad(providerId, "a data point ends (" + end + ") before it starts (" + start + ")");
        }
        return new IntensityPoint(start, end, gramsPerKwh);
    }

    /** The number in {@code field}, or NaN when absent or null. */
    static double optionalNumber(Map<String, Object> obj, String field) {
        Object v = obj.get(field);
        return v instanceof Double ? (Double) v : Double.NaN;
    }

    static String text(String providerId, Map<String, Object> obj, String field) throws FeedException {
        Object v = obj.get(field);
        if (v instanceof String) {
            return (String) v;
        }
        throw bad(providerId, "field '" + field + "' is missing or not a string");
    }

    static String optionalText(Map<String, Object> obj, String field, String orElse) {
        Object v = obj.get(field);
        return v instanceof String ? (String) v : orElse;
    }

    /** Parses ISO-8601 times with offset, with or without seconds and fractions ("2018-01-20T12:00Z"). */
    static Instant instant(String providerId, Map<String, Object> obj, String field) throws FeedException {
        String text = text(providerId, obj, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(providerId, "field '" + field + "' is not an ISO-8601 time with offset: " + text);
        }
    }
}
