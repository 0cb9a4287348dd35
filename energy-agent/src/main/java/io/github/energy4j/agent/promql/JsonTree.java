package io.github.energy4j.agent.promql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain Java values, read and written with jackson-core's streaming API: objects are
 * {@code Map<String, Object>} (insertion order kept), arrays {@code List<Object>}, numbers {@link BigDecimal} (so a
 * node object passed back to the scheduler keeps its numbers exactly), strings, booleans, and {@link #NULL} for
 * JSON null, so that "absent" (a missing key) and "null" stay apart. For request and response bodies; not for the
 * sampler's hot path.
 */
public final class JsonTree {

    /** JSON null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    // nesting beyond this is no Kubernetes object: refuse rather than recurse without bound
    private static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    private JsonTree() {
    }

    /**
     * Parses one JSON value; trailing content is an error.
     *
     * @throws IllegalArgumentException saying where the text is not JSON
     */
    public static Object parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException("empty body, expected a JSON object");
            }
            Object v = value(p, t);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value at "
                        + p.currentLocation().getCharOffset());
            }
            return v;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }

    /** Writes a value built of the types {@link #parse} returns (and other {@link Number}s). */
    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    /** A generator over {@code out}, which it leaves open. */
    public static JsonGenerator generator(java.io.Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    /** {@code v} as a JSON text. */
    public static String toJson(Object v) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = generator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The object member {@code key} of {@code v}, or null when {@code v} is no object or lacks it. */
    public static Object member(Object v, String key) {
        return v instanceof Map<?, ?> m ? m.get(key) : null;
    }

    /** Follows object members; null when any step is missing. */
    public static Object path(Object v, String... keys) {
        Object cur = v;
        for (String k : keys) {
            cur = member(cur, k);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    /** The string at {@code keys}, or {@code def} when missing or not a string. */
    public static String string(Object v, String def, String... keys) {
        Object s = path(v, keys);
        return s instanceof String str ? str : def;
    }
}
