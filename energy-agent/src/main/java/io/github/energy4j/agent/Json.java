package io.github.energy4j.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.io.OutputStream;

/** JSON output helpers (jackson-core streaming) for the commands of every package of the agent. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    /** Writes a number, or null for NaN/infinity (JSON has no NaN; unknown is not zero). */
    public static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    static void zone(JsonGenerator g, Zone z) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", z.name());
        g.writeNumberField("index", z.index());
        g.writeStringField("domain", z.domain().tag());
        g.writeStringField("kind", z.kind().name().toLowerCase(java.util.Locale.ROOT));
        g.writeBooleanField("estimated", z.estimated());
        number(g, "maxWatts", z.maxWatts());
        g.writeNumberField("wrapModulus", z.wrapModulus());
        g.writeStringField("device", z.device());
        g.writeEndObject();
    }
}
