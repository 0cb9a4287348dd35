package io.github.energy4j.agent.kepler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of YAML that Kepler's configuration file uses ({@code hack/config.yaml} in Kepler's repository), read
 * without a YAML library: nested block mappings by indentation, plain, single- and double-quoted scalars, block
 * sequences of scalars ({@code - node}), flow sequences of scalars ({@code [node, pod]}, {@code []}) and
 * {@code #} comments. The result is flat: each leaf under its dotted path ({@code exporter.prometheus.metricsLevel})
 * as a {@code String} or a {@code List<String>}; an empty value ({@code configFile:}, {@code ""}, {@code null},
 * {@code ~}) is the empty string. What is outside the subset (anchors, tags, multi-line scalars, flow mappings,
 * sequences of mappings such as Kepler's {@code chipRules}) is kept as {@link #UNSUPPORTED} under its key, so a
 * caller can say which setting it could not read; a line that is not YAML at all (tab indentation, a line without
 * {@code key:}) is an {@link IllegalArgumentException} naming the line. Cold path.
 */
final class YamlSubset {

    /** The value of a key whose content is outside the subset. */
    static final String UNSUPPORTED = "\0unsupported";

    private YamlSubset() {
    }

    private record Block(int indent, String path) {
    }

    /** Parses a document into dotted keys. */
    static Map<String, Object> parse(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Block> stack = new ArrayList<>();
        String listKey = null;
        int listKeyIndent = -1;
        int skipDeeperThan = -1;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String line = stripComment(raw).stripTrailing();
            if (line.isBlank() || line.equals("---")) {
                continue;
            }
            if (line.equals("...")) {
                break;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (line.charAt(indent) == '\t') {
                throw new IllegalArgumentException("line " + (n + 1) + ": tabs cannot indent YAML; use spaces");
            }
            if (skipDeeperThan >= 0 && indent > skipDeeperThan) {
                continue; // inside an item of a sequence of mappings
            }
            skipDeeperThan = -1;
            String t = line.substring(indent);
            if (t.equals("-") || t.startsWith("- ")) {
                if (listKey == null || indent < listKeyIndent) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": a list item without a key above it");
                }
                String item = t.substring(1).trim();
                Object current = out.get(listKey);
                if (current == UNSUPPORTED) {
                    skipDeeperThan = indent;
                    continue;
                }
                if (isMapping(item) || item.isEmpty()) {
                    out.put(listKey, UNSUPPORTED);
                    skipDeeperThan = indent;
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<String> list = current instanceof List<?> l ? (List<String>) l : new ArrayList<>();
                list.add(scalar(item, n));
                out.put(listKey, list);
                continue;
            }
            while (!stack.isEmpty() && stack.get(stack.size() - 1).indent() >= indent) {
                stack.remove(stack.size() - 1);
            }
            int colon = keyEnd(t);
            if (colon < 0) {
                throw new IllegalArgumentException("line " + (n + 1) + ": expected 'key: value', was '" + t.trim()
                        + "'");
            }
            String key = unquote(t.substring(0, colon).trim());
            String parent = stack.isEmpty() ? "" : stack.get(stack.size() - 1).path();
            if (!parent.isEmpty() && "".equals(out.get(parent))) {
                out.remove(parent); // it has children after all
            }
            String path = parent.isEmpty() ? key : parent + "." + key;
            String rest = t.substring(colon + 1).trim();
            if (rest.isEmpty()) {
                out.put(path, "");
                stack.add(new Block(indent, path));
                listKey = path;
                listKeyIndent = indent;
            } else {
                out.put(path, value(rest, n));
                listKey = null;
            }
        }
        return out;
    }

    /** The index of the colon that ends a mapping key ({@code key:} or {@code key: }), or -1. */
    private static int keyEnd(String t) {
        if (t.startsWith("\"") || t.startsWith("'")) {
            int close = t.indexOf(t.charAt(0), 1);
            return close > 0 && close + 1 < t.length() && t.charAt(close + 1) == ':' ? close + 1 : -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isMapping(String item) {
        return !item.startsWith("\"") && !item.startsWith("'") && keyEnd(item) >= 0;
    }

    private static Object value(String rest, int n) {
        if (rest.startsWith("[")) {
            if (!rest.endsWith("]")) {
                return UNSUPPORTED;
            }
            String inner = rest.substring(1, rest.length() - 1).trim();
            List<String> items = new ArrayList<>();
            if (inner.isEmpty()) {
                return items;
            }
            for (String s : inner.split(",")) {
                if (s.isBlank() || s.trim().startsWith("[") || s.trim().startsWith("{")) {
                    return UNSUPPORTED;
                }
                items.add(scalar(s.trim(), n));
            }
            return items;
        }
        if (rest.startsWith("{") || rest.startsWith("&") || rest.startsWith("*") || rest.startsWith("!")
                || rest.equals("|") || rest.equals(">") || rest.startsWith("|") || rest.startsWith(">")) {
            return rest.equals("{}") ? "" : UNSUPPORTED;
        }
        return scalar(rest, n);
    }

    private static String scalar(String s, int n) {
        if (s.equals("~") || s.equals("null")) {
            return "";
        }
        if ((s.startsWith("\"") || s.startsWith("'")) && (s.length() < 2 || s.charAt(s.length() - 1) != s.charAt(0))) {
            throw new IllegalArgumentException("line " + (n + 1) + ": unterminated quoted value " + s);
        }
        return unquote(s);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() - 1) {
                    char e = s.charAt(++i);
                    b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        return s;
    }

    /** The line without a {@code #} comment: one at the start or after a space, outside quotes. */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                boolean valueStart = i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '['
                        || line.charAt(i - 1) == ',';
                if (valueStart) {
                    quote = c;
                }
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
