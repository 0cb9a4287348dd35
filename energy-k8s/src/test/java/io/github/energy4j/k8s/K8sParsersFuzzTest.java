package io.github.energy4j.k8s;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.energy4j.k8s.cgroup.CgroupContainer;
import io.github.energy4j.k8s.cgroup.CgroupParser;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodJsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what energy-k8s reads from outside: {@code /proc/[pid]/cgroup} lines and kubelet / API-server
 * pod JSON. A cgroup file always maps to a container or the host; JSON either parses or fails with an
 * {@link IOException} (which keeps the last good view), never with anything else.
 * Replays {@code K8sParsersFuzzTestInputs/} unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class K8sParsersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void cgroup(byte[] data) {
        CgroupContainer c = CgroupParser.parse(data, data.length);
        assertNotNull(c, "host or a container, never null");
        assertNotNull(c.containerId());
        assertNotNull(c.podUid());
        assertTrue(c.isHost() || !c.containerId().isEmpty() || !c.podUid().isEmpty(), c.toString());
    }

    @FuzzTest(maxDuration = "60s")
    void podList(byte[] data) {
        PodJsonParser.PodList list;
        try {
            list = PodJsonParser.parseList(data, data.length);
        } catch (IOException e) {
            return; // malformed: the caller keeps its last good view
        }
        assertNotNull(list.pods());
        for (PodInfo p : list.pods()) {
            assertNotNull(p.uid());
            assertNotNull(p.name());
            assertNotNull(p.namespace());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void watchEvent(byte[] data) {
        try {
            PodJsonParser.WatchEvent e = PodJsonParser.parseEvent(new String(data, StandardCharsets.UTF_8));
            assertNotNull(e.type());
        } catch (IOException e) {
            // malformed event: the watch is restarted
        }
    }
}
