package io.github.energy4j.agent.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text {@code energy4j profile} prints from the profiler's JSON table: a pure function of the JSON. */
public final class ProfileReport {

    private ProfileReport() {
    }

    /**
     * The statement line, then the first {@code rows} methods by self energy as a table
     * ({@code self J, total J, share, method}).
     *
     * @throws IOException when {@code json} is not the profiler's JSON
     */
    public static String format(String json, int rows) throws IOException {
        String statement = null;
        List<String[]> methods = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a profile: no JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("statement")) {
                    statement = p.getText();
                } else if (name.equals("methods") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String[] m = new String[4];
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            switch (k) {
                                case "method":
                                    m[3] = p.getText();
                                    break;
                                case "selfJoules":
                                    m[0] = String.format(Locale.ROOT, "%.3f", p.getDoubleValue());
                                    break;
                                case "totalJoules":
                                    m[1] = String.format(Locale.ROOT, "%.3f", p.getDoubleValue());
                                    break;
                                case "share":
                                    m[2] = String.format(Locale.ROOT, "%.1f%%", p.getDoubleValue() * 100);
                                    break;
                                default:
                                    break;
                            }
                        }
                        methods.add(m);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (statement == null) {
            throw new IOException("not a profile: no statement");
        }
        StringBuilder b = new StringBuilder(statement).append('\n');
        b.append(String.format(Locale.ROOT, "%10s %10s %7s  %s%n", "self J", "total J", "share", "method"));
        for (int i = 0; i < methods.size() && i < rows; i++) {
            String[] m = methods.get(i);
            b.append(String.format(Locale.ROOT, "%10s %10s %7s  %s%n", m[0], m[1], m[2], m[3]));
        }
        return b.toString();
    }
}
