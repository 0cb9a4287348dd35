package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table in {@code fixtures/cgroup/container-lines.txt}: {@code /proc/[pid]/cgroup} files of every runtime,
 * driver and nesting the container-id readers of OpenTelemetry, Datadog and Elastic are tested on (written
 * afresh in the kernel's line format), each with the container, pod and QoS class it names, or none.
 */
class CgroupParserCasesTest {

    private static final String FIXTURE = "/fixtures/cgroup/container-lines.txt";

    record Case(String title, Map<String, String> expect, String content) {
        @Override
        public String toString() {
            return title;
        }

        String get(String key) {
            return expect.getOrDefault(key, "");
        }
    }

    static List<Case> cases() throws IOException {
        String text;
        try (InputStream in = CgroupParserCasesTest.class.getResourceAsStream(FIXTURE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> out = new ArrayList<>();
        String title = null;
        Map<String, String> expect = null;
        StringBuilder content = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (title == null) {
                if (line.startsWith("case: ")) {
                    title = line.substring(6);
                }
            } else if (expect == null) {
                expect = parseExpect(line, title);
            } else if (line.equals("--")) {
                out.add(new Case(title, expect, content.toString()));
                title = null;
                expect = null;
                content.setLength(0);
            } else {
                content.append(line).append('\n');
            }
        }
        if (title != null) {
            throw new IllegalStateException("case not ended with --: " + title);
        }
        return out;
    }

    private static Map<String, String> parseExpect(String line, String title) {
        if (!line.startsWith("expect: ")) {
            throw new IllegalStateException("no expect: line after case " + title);
        }
        Map<String, String> m = new HashMap<>();
        String body = line.substring(8).trim();
        if (body.equals("host")) {
            return m;
        }
        for (String kv : body.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("bad expect in " + title + ": " + kv);
            }
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldResolveEachRealFormatFileToItsInnermostContainerOrNone(Case c) {
        CgroupContainer got = CgroupParser.parse(c.content());
        assertAll(c.title(),
                () -> assertEquals(c.get("id"), got.containerId(), "containerId"),
                () -> assertEquals(c.get("runtime"), got.runtime(), "runtime"),
                () -> assertEquals(c.get("pod"), got.podUid(), "podUid"),
                () -> assertEquals(c.get("qos"), got.qos().label(), "qos"),
                () -> assertEquals(c.get("task"), got.taskId(), "taskId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReturnTheHostSentinelWheneverNoContainerOrPodIsNamed(Case c) {
        CgroupContainer got = CgroupParser.parse(c.content());
        boolean none = c.get("id").isEmpty() && c.get("pod").isEmpty();
        assertEquals(none, got == CgroupContainer.HOST, got.toString());
    }

    @Test
    void shouldCoverPositivesNestingAndNegatives() throws IOException {
        List<Case> all = cases();
        long positives = all.stream().filter(c -> !c.get("id").isEmpty()).count();
        long negatives = all.stream().filter(c -> c.get("id").isEmpty()).count();
        assertTrue(positives >= 30 && negatives >= 15, positives + " positives, " + negatives + " negatives");
    }
}
