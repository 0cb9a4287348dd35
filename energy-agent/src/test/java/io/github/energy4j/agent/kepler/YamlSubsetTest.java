package io.github.energy4j.agent.kepler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlSubsetTest {

    @Test
    void shouldFlattenNestedMappingsListsAndQuotedScalars() {
        Map<String, Object> m = YamlSubset.parse(String.join("\n",
                "# comment",
                "a:",
                "  b: 1 # trailing comment",
                "  c:",
                "    d: 'it''s'",
                "    e: \"x # not a comment\"",
                "  f:",
                "  - one",
                "  - \"two\"",
                "g: [x, 'y', \"z\"]",
                "h: []",
                "i: ~",
                "j:",
                "k: url#fragment",
                ""));
        assertEquals("1", m.get("a.b"));
        assertEquals("it's", m.get("a.c.d"));
        assertEquals("x # not a comment", m.get("a.c.e"));
        assertEquals(List.of("one", "two"), m.get("a.f"));
        assertEquals(List.of("x", "y", "z"), m.get("g"));
        assertEquals(List.of(), m.get("h"));
        assertEquals("", m.get("i"));
        assertEquals("", m.get("j"), "a key without a value or children is empty");
        assertEquals("url#fragment", m.get("k"), "# starts a comment only after a space");
        assertTrue(!m.containsKey("a") && !m.containsKey("a.c"), "parents with children are no leaves: " + m);
    }

    @Test
    void shouldMarkWhatIsOutsideTheSubsetUnderItsKey() {
        Map<String, Object> m = YamlSubset.parse(String.join("\n",
                "rules:",
                "  - name: ina3221",
                "    useSameIndex: true",
                "after: 1",
                "flow: {a: 1}",
                "text: |"));
        assertSame(YamlSubset.UNSUPPORTED, m.get("rules"));
        assertEquals("1", m.get("after"), "parsing goes on after a sequence of mappings");
        assertSame(YamlSubset.UNSUPPORTED, m.get("flow"));
        assertSame(YamlSubset.UNSUPPORTED, m.get("text"));
    }

    @Test
    void shouldNameTheLineOfWhatIsNotYaml() {
        IllegalArgumentException tab = assertThrows(IllegalArgumentException.class,
                () -> YamlSubset.parse("a:\n\tb: 1\n"));
        assertTrue(tab.getMessage().startsWith("line 2: tabs"), tab.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> YamlSubset.parse("a: 1\njust words\n"));
        assertEquals("line 2: expected 'key: value', was 'just words'", noKey.getMessage());
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class,
                () -> YamlSubset.parse("- a\n"));
        assertTrue(orphan.getMessage().contains("list item without a key"), orphan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> YamlSubset.parse("a: \"open\n"));
    }
}
