package io.github.energy4j.profiler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON method table read back: its scalar fields in order, and its rows. */
record ProfileJson(Map<String, String> fields, List<Row> methods) {

    record Row(String method, double selfJoules, double totalJoules, double share, long samples) {
    }

    static ProfileJson read(Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    fields.put(name, "[...]");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> r = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            r.put(k, p.getText());
                        }
                        rows.add(new Row(r.get("method"), Double.parseDouble(r.get("selfJoules")),
                                Double.parseDouble(r.get("totalJoules")), Double.parseDouble(r.get("share")),
                                Long.parseLong(r.get("samples"))));
                    }
                } else {
                    fields.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
        }
        return new ProfileJson(fields, rows);
    }

    double number(String field) {
        return Double.parseDouble(fields.get(field));
    }

    /** The row of the method whose name ends with {@code suffix}. */
    Row method(String suffix) {
        for (Row r : methods) {
            if (r.method().endsWith(suffix)) {
                return r;
            }
        }
        throw new AssertionError("no method ending with " + suffix + " in " + methods);
    }
}
