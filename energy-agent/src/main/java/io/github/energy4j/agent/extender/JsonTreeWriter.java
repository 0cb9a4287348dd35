package io.github.energy4j.agent.extender;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.internal.json.JsonTree;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a value built of the types {@link JsonTree#parse} returns (and other {@link Number}s) as JSON text with
 * jackson-core's streaming generator: the scheduler extender's answers, which pass node objects back as the
 * scheduler sent them ({@link BigDecimal} numbers stay exact). Reading is the core's {@link JsonTree}; writing stays
 * with jackson, like every other JSON output of the agent.
 */
final class JsonTreeWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTreeWriter() {
    }

    /** {@code v} as a JSON text; JSON null for {@link JsonTree#NULL} and Java null. */
    static String toJson(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (JsonTree.isNull(v)) {
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
}
