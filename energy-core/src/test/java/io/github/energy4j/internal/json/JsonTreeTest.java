package io.github.energy4j.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    private static JsonException invalid(String text) {
        return assertThrows(JsonException.class, () -> JsonTree.parse(text), text);
    }

    @Test
    void shouldReadEveryKindOfValueKeepingMemberOrderAndNullApartFromAbsent() {
        Object v = JsonTree.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"s\": \"x\"}, \"n\": null}\r\n");
        assertEquals(List.of("b", "a", "n"), List.copyOf(((Map<?, ?>) v).keySet()));
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, JsonTree.NULL),
                JsonTree.member(v, "b"));
        assertEquals("x", JsonTree.path(v, "a", "s"));
        assertSame(JsonTree.NULL, JsonTree.member(v, "n"));
        assertEquals(null, JsonTree.member(v, "missing"));
        assertTrue(JsonTree.isNull(JsonTree.member(v, "n")) && JsonTree.isNull(JsonTree.member(v, "missing")));
    }

    @Test
    void shouldKeepNumbersExactAndFollowTheRfcGrammar() {
        assertEquals(new BigDecimal("12345678901234567890.000001"), JsonTree.parse("12345678901234567890.000001"));
        assertEquals(0, new BigDecimal("-0").compareTo((BigDecimal) JsonTree.parse("-0")));
        assertEquals(1.5e-7, JsonTree.number(JsonTree.parse("{\"x\":15E-8}"), "x"), 1e-20);
        for (String bad : new String[] {"+1", "01", "1.", ".5", "1e", "1e+", "-", "NaN", "Infinity", "0x10", "1.2.3"}) {
            invalid(bad);
        }
        assertTrue(invalid("1e99999999999").getMessage().contains("number out of range"));
        // within BigDecimal but beyond a double: no reading, and the strict accessor says so
        Object big = JsonTree.parse("{\"w\":1e999}");
        assertTrue(Double.isNaN(JsonTree.number(big, "w")));
        assertTrue(assertThrows(JsonException.class, () -> JsonTree.requireNumber(big, "w")).getMessage()
                .contains("beyond the range of a double"));
    }

    @Test
    void shouldDecodeEveryEscapeAndRefuseBadOnes() {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\ud83d\ude00",
                JsonTree.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("plain", JsonTree.parse("\"plain\""));
        assertTrue(invalid("\"\\x\"").getMessage().contains("unknown escape \\x"));
        assertTrue(invalid("\"\\u12G4\"").getMessage().contains("four hex digits"));
        assertTrue(invalid("\"\\u12").getMessage().contains("four hex digits"));
        assertTrue(invalid("\"tab\tinside\"").getMessage().contains("unescaped control character U+0009"));
        assertTrue(invalid("\"open").getMessage().contains("unterminated string"));
        assertTrue(invalid("\"open\\").getMessage().contains("unterminated string"));
    }

    @Test
    void shouldNameLineColumnAndOffsetOfMalformedInput() {
        JsonException e = invalid("{\n  \"a\": 1,\n  \"b\" 2\n}");
        assertEquals("invalid JSON at line 3, column 7 (offset 18): expected ':'", e.getMessage());
        assertEquals(18, e.offset());
        assertTrue(invalid("{\"a\":1} x").getMessage().endsWith("trailing content after the JSON value"));
        assertTrue(invalid("").getMessage().contains("empty text"));
        assertTrue(invalid("  ").getMessage().contains("empty text"));
        assertTrue(invalid("<html>").getMessage().contains("unexpected character '<'"));
        assertTrue(invalid("{\"a\":1,}").getMessage().contains("expected a member name"));
        assertTrue(invalid("[1,]").getMessage().contains("expected a value"));
        assertTrue(invalid("[1 2]").getMessage().contains("expected ',' or ']'"));
        assertTrue(invalid("{\"a\":1").getMessage().contains("unterminated object"));
        assertTrue(invalid("[1").getMessage().contains("unterminated array"));
        assertTrue(invalid("{a:1}").getMessage().contains("member name in double quotes"));
        assertTrue(invalid("tru").getMessage().contains("expected true"));
        assertTrue(invalid("nul").getMessage().contains("expected null"));
        // only the four RFC 8259 whitespace characters
        assertTrue(invalid("\u00a01").getMessage().contains("unexpected character U+00A0"));
    }

    @Test
    void shouldRefuseNestingBeyondTheDepthLimitWithoutExhaustingTheStack() {
        String ok = "[".repeat(JsonTree.DEFAULT_MAX_DEPTH) + "]".repeat(JsonTree.DEFAULT_MAX_DEPTH);
        assertTrue(JsonTree.parse(ok) instanceof List);
        String deep = "[".repeat(JsonTree.DEFAULT_MAX_DEPTH + 1) + "]".repeat(JsonTree.DEFAULT_MAX_DEPTH + 1);
        assertTrue(invalid(deep).getMessage().contains("nested deeper than 64 levels"));
        String hostile = "{\"a\":".repeat(100_000);
        JsonException e = invalid(hostile);
        assertEquals(64 * 5, e.offset(), e.getMessage());
        assertThrows(JsonException.class, () -> JsonTree.parse("[[1]]", 1, 100));
        assertEquals(List.of(List.of()), JsonTree.parse("[[]]", 2, 100));
    }

    @Test
    void shouldRefuseTextsBeyondTheSizeLimitAndBytesThatAreNotUtf8() {
        assertTrue(assertThrows(JsonException.class, () -> JsonTree.parse("[1, 2]", 64, 5)).getMessage()
                .contains("exceeds the limit of 5"));
        assertTrue(assertThrows(JsonException.class, () -> JsonTree.parse(new byte[] {'[', ']', ' '}, 64, 2))
                .getMessage().contains("3 bytes exceeds the limit of 2 bytes"));
        assertTrue(assertThrows(JsonException.class, () -> JsonTree.parse(new byte[] {'"', (byte) 0xC3, '"'}))
                .getMessage().contains("not valid UTF-8"));
        assertEquals("é", JsonTree.parse("\uFEFF\"é\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldFallBackInLenientAccessorsAndNameThePathInStrictOnes() {
        Object v = JsonTree.parse("{\"m\":{\"s\":\"x\",\"n\":2,\"z\":null,\"a\":[{\"k\":1},3]}}");
        assertEquals("x", JsonTree.string(v, "def", "m", "s"));
        assertEquals("def", JsonTree.string(v, "def", "m", "n"));
        assertEquals("def", JsonTree.string(v, "def", "m", "z"));
        assertEquals("def", JsonTree.string(v, "def", "m", "s", "deeper"));
        assertEquals(2.0, JsonTree.number(v, "m", "n"));
        assertTrue(Double.isNaN(JsonTree.number(v, "m", "s")) && Double.isNaN(JsonTree.number(v, "m", "none")));
        assertEquals(List.of(), JsonTree.array(v, "m", "n"));
        assertEquals(2, JsonTree.array(v, "m", "a").size());
        assertEquals(Map.of(), JsonTree.object(v, "m", "z"));

        assertEquals("x", JsonTree.requireString(v, "m", "s"));
        assertEquals(2.0, JsonTree.requireNumber(v, "m", "n"));
        assertEquals("'m.none' is missing", assertThrows(JsonException.class,
                () -> JsonTree.requireString(v, "m", "none")).getMessage());
        assertEquals("'m.z' is null", assertThrows(JsonException.class,
                () -> JsonTree.requireNumber(v, "m", "z")).getMessage());
        assertEquals("'m.s' is a string, expected a number", assertThrows(JsonException.class,
                () -> JsonTree.requireNumber(v, "m", "s")).getMessage());
        assertEquals("'m.s.t' is missing: 'm.s' is a string, not an object", assertThrows(JsonException.class,
                () -> JsonTree.requireObject(v, "m", "s", "t")).getMessage());
        assertEquals("'m.a[1]' is a number, expected an object", assertThrows(JsonException.class,
                () -> JsonTree.requireObjects(v, "m", "a")).getMessage());
        assertEquals("the document is an object, expected an array", assertThrows(JsonException.class,
                () -> JsonTree.requireArray(v)).getMessage());
        assertEquals(-1, assertThrows(JsonException.class, () -> JsonTree.requireArray(v)).offset());
    }
}
