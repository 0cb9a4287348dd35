package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@code /proc/[pid]/mountinfo} parsing (package-private, hence here rather than in
 * {@code K8sParsersFuzzTest}): any table maps to a container, a pod or the host, never throws, and a container id
 * is always 64 hex digits found in the input. Replays {@code MountinfoParserFuzzTestInputs/} unless
 * {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class MountinfoParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void mountinfo(byte[] data) {
        CgroupContainer c = MountinfoParser.parse(data, data.length);
        assertNotNull(c, "host, a pod or a container, never null");
        String id = c.containerId();
        assertTrue(id.isEmpty() || (CgroupParser.isHex(id, 64)
                && new String(data, StandardCharsets.UTF_8).contains(id)), id);
        assertTrue(c.isHost() || !id.isEmpty() || !c.podUid().isEmpty(), c.toString());
    }
}
