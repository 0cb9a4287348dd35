package io.github.energy4j.carbon.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 reader: comma-separated, fields optionally in double quotes, {@code ""} inside quotes is a
 * quote, CR/LF line ends. Quoted fields may not span lines (the embedded files have none).
 */
public final class Csv {

    private Csv() {
    }

    /** Splits {@code text} into rows of fields; blank lines and lines starting with {@code #} are skipped. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            rows.add(parseLine(line, lineNo));
        }
        return rows;
    }

    /** Splits one line into fields. */
    public static List<String> parseLine(String line, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + lineNo + ": unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}
