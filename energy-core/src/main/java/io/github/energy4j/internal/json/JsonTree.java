package io.github.energy4j.internal.json;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain Java values, and typed accessors over them. Cold path only (configuration
 * files and REST answers); the core has no JSON library, so this is a small strict parser of RFC 8259
 * (https://www.rfc-editor.org/rfc/rfc8259): objects become {@code Map<String, Object>} (member order
 * kept; of duplicate names the last wins, which RFC 8259 section 4 leaves to the reader), arrays
 * {@code List<Object>}, strings {@link String}, numbers {@link BigDecimal} (exact, so a document passed
 * back, like a Kubernetes node object, keeps its numbers), {@code true}/{@code false} {@link Boolean}, and
 * JSON null the sentinel {@link #NULL}, so that an absent member ({@code null}) and a null one stay apart.
 * The caller owns the returned tree (mutable collections).
 *
 * <p>Limits: nesting beyond {@link #DEFAULT_MAX_DEPTH} levels and texts beyond a length are refused before
 * they cost a deep stack or the heap. Errors are {@link JsonException}s naming the line, column and offset.
 *
 * <p>Accessors, one convention: the lenient ones ({@link #string}, {@link #number}, {@link #array},
 * {@link #object}) return a fallback (the given default, NaN, an empty list or map) when the value is
 * missing, JSON null or of another type; the {@code require...} ones throw a {@link JsonException} that
 * names the member path and says which of the three it was. Thread-safe (no state).
 */
public final class JsonTree {

    /** JSON null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Nesting depth refused by default: deeper than any document we read, shallow enough for the stack. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** Text length (characters, or bytes for byte input) refused by default. */
    public static final int DEFAULT_MAX_LENGTH = 64 << 20;

    private final String s;
    private final int maxDepth;
    private int i;

    private JsonTree(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value with the default limits; see {@link #parse(String, int, int)}. */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH);
    }

    /** Parses UTF-8 bytes (a leading byte-order mark is skipped) with the default limits. */
    public static Object parse(byte[] utf8) {
        return parse(utf8, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH);
    }

    /**
     * Parses UTF-8 bytes (a leading byte-order mark is skipped, as RFC 8259 section 8.1 allows).
     *
     * @throws JsonException when the bytes are longer than {@code maxLength}, not UTF-8, or not one JSON value
     */
    public static Object parse(byte[] utf8, int maxDepth, int maxLength) {
        if (utf8.length > maxLength) {
            throw new JsonException("JSON text of " + utf8.length + " bytes exceeds the limit of " + maxLength
                    + " bytes", 0);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("JSON text is not valid UTF-8 (" + e.getMessage() + ")", 0);
        }
        return parse(text, maxDepth, maxLength);
    }

    /**
     * Parses one JSON value; whitespace may surround it, anything else after it is an error.
     *
     * @param maxDepth  deepest nesting of arrays and objects accepted (1: no container inside the top one)
     * @param maxLength longest text accepted, in characters
     * @throws JsonException saying what is wrong and where (line, column, offset)
     */
    public static Object parse(String text, int maxDepth, int maxLength) {
        if (text.length() > maxLength) {
            throw new JsonException("JSON text of " + text.length() + " characters exceeds the limit of "
                    + maxLength, 0);
        }
        JsonTree p = new JsonTree(text, maxDepth);
        if (text.startsWith("\uFEFF")) {
            p.i = 1;
        }
        p.ws();
        if (p.i >= text.length()) {
            throw p.error("empty text, expected a JSON value");
        }
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw p.error("trailing content after the JSON value");
        }
        return v;
    }

    private Object value(int depth) {
        ws();
        if (i >= s.length()) {
            throw error("unexpected end of text, expected a value");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character " + quote(c) + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (peek('}')) {
            i++;
            return m;
        }
        while (true) {
            ws();
            if (!peek('"')) {
                throw error(i >= s.length() ? "unterminated object" : "expected a member name in double quotes");
            }
            String k = string();
            ws();
            expect(':');
            m.put(k, value(depth));
            ws();
            if (peek(',')) {
                i++;
            } else if (peek('}')) {
                i++;
                return m;
            } else {
                throw error(i >= s.length() ? "unterminated object" : "expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (peek(']')) {
            i++;
            return l;
        }
        while (true) {
            l.add(value(depth));
            ws();
            if (peek(',')) {
                i++;
            } else if (peek(']')) {
                i++;
                return l;
            } else {
                throw error(i >= s.length() ? "unterminated array" : "expected ',' or ']'");
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
    }

    // RFC 8259 section 7: control characters must be escaped; the only escapes are \" \\ \/ \b \f \n \r \t \\uXXXX
    private String string() {
        int start = ++i;
        // the common case, no escapes: one substring
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            i++;
        }
        StringBuilder sb = new StringBuilder().append(s, start, i);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character " + quote(c) + " in a string");
            }
            i++;
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = i + k < s.length() ? Character.digit(s.charAt(i + k), 16) : -1;
                        if (d < 0) {
                            throw error("bad unicode escape, expected four hex digits after \\u");
                        }
                        code = code << 4 | d;
                    }
                    sb.append((char) code);
                    i += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
            i++;
        }
        throw error("unterminated string");
    }

    // RFC 8259 section 6: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? ; no '+', no leading zeros, no NaN
    private BigDecimal number() {
        int start = i;
        if (peek('-')) {
            i++;
        }
        if (peek('0')) {
            i++;
        } else if (!digits()) {
            throw error("bad number, expected a digit");
        }
        if (peek('.')) {
            i++;
            if (!digits()) {
                throw error("bad number, expected a digit after '.'");
            }
        }
        if (peek('e') || peek('E')) {
            i++;
            if (peek('+') || peek('-')) {
                i++;
            }
            if (!digits()) {
                throw error("bad number, expected a digit in the exponent");
            }
        }
        try {
            return new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException e) {
            i = start;
            throw error("number out of range");
        }
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("unexpected token, expected " + word);
        }
        i += word.length();
        return v;
    }

    // RFC 8259 section 2: space, tab, line feed, carriage return; nothing else
    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private static String quote(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String what) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(i, s.length());
        for (int k = 0; k < end; k++) {
            if (s.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new JsonException("invalid JSON at line " + line + ", column " + (end - lineStart + 1)
                + " (offset " + end + "): " + what, end);
    }

    // ---- accessors ----

    /** The member {@code key} of {@code v}; null (absent) when {@code v} is no object or lacks it. */
    public static Object member(Object v, String key) {
        return v instanceof Map<?, ?> m ? m.get(key) : null;
    }

    /** Follows object members; null (absent) when a step is missing or not an object. No keys: {@code v}. */
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

    /** True for an absent value (Java null) and for JSON null. */
    public static boolean isNull(Object v) {
        return v == null || v == NULL;
    }

    /** The string at {@code keys}, or {@code def} when missing, null or not a string. */
    public static String string(Object v, String def, String... keys) {
        return path(v, keys) instanceof String str ? str : def;
    }

    /** The number at {@code keys} as a double, or NaN when missing, null, not a number or beyond a double. */
    public static double number(Object v, String... keys) {
        if (path(v, keys) instanceof BigDecimal d) {
            double x = d.doubleValue();
            return Double.isFinite(x) ? x : Double.NaN;
        }
        return Double.NaN;
    }

    /** The array at {@code keys}, or an empty (unmodifiable) list when missing, null or not an array. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object v, String... keys) {
        return path(v, keys) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The object at {@code keys}, or an empty (unmodifiable) map when missing, null or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v, String... keys) {
        return path(v, keys) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** @throws JsonException when the value at {@code keys} is missing, null or not a string */
    public static String requireString(Object v, String... keys) {
        Object x = require(v, keys);
        if (x instanceof String str) {
            return str;
        }
        throw mistyped(keys, x, "a string");
    }

    /** @throws JsonException when the value at {@code keys} is missing, null, not a number or beyond a double */
    public static double requireNumber(Object v, String... keys) {
        Object x = require(v, keys);
        if (x instanceof BigDecimal d) {
            double r = d.doubleValue();
            if (!Double.isFinite(r)) {
                throw new JsonException(name(keys) + " is " + d + ", beyond the range of a double", -1);
            }
            return r;
        }
        throw mistyped(keys, x, "a number");
    }

    /** @throws JsonException when the value at {@code keys} is missing, null or not an array */
    @SuppressWarnings("unchecked")
    public static List<Object> requireArray(Object v, String... keys) {
        Object x = require(v, keys);
        if (x instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw mistyped(keys, x, "an array");
    }

    /** @throws JsonException when the value at {@code keys} is missing, null or not an object */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> requireObject(Object v, String... keys) {
        Object x = require(v, keys);
        if (x instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw mistyped(keys, x, "an object");
    }

    /**
     * The array at {@code keys} whose elements are all objects.
     *
     * @throws JsonException when it is missing, null or not an array, or naming the first element
     *                       ({@code 'data[2]'}) that is not an object
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> requireObjects(Object v, String... keys) {
        List<Object> l = requireArray(v, keys);
        for (int k = 0; k < l.size(); k++) {
            if (!(l.get(k) instanceof Map)) {
                String at = keys.length == 0 ? "'[" + k + "]'"
                        : name(keys).substring(0, name(keys).length() - 1) + "[" + k + "]'";
                throw new JsonException(at + " is " + kind(l.get(k)) + ", expected an object", -1);
            }
        }
        return (List<Map<String, Object>>) (List<?>) Collections.unmodifiableList(l);
    }

    /** What {@code v} is, for messages: "an object", "an array", "a string", "a number", "a boolean", "null". */
    public static String kind(Object v) {
        if (v == null) {
            return "missing";
        }
        if (v == NULL) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a " + v.getClass().getSimpleName();
    }

    private static Object require(Object v, String[] keys) {
        Object cur = v;
        for (int k = 0; k < keys.length; k++) {
            if (!(cur instanceof Map<?, ?> m)) {
                if (cur == null) {
                    throw new JsonException(name(keys) + " is missing", -1);
                }
                throw new JsonException(name(keys) + " is missing: " + name(Arrays.copyOf(keys, k)) + " is "
                        + kind(cur) + ", not an object", -1);
            }
            cur = m.get(keys[k]);
        }
        if (cur == null) {
            throw new JsonException(name(keys) + " is missing", -1);
        }
        if (cur == NULL) {
            throw new JsonException(name(keys) + " is null", -1);
        }
        return cur;
    }

    private static JsonException mistyped(String[] keys, Object x, String expected) {
        return new JsonException(name(keys) + " is " + kind(x) + ", expected " + expected, -1);
    }

    private static String name(String[] keys) {
        return keys.length == 0 ? "the document" : "'" + String.join(".", keys) + "'";
    }
}
