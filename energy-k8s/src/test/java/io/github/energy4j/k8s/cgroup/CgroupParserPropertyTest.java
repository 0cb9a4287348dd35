package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Invariants of {@link CgroupParser} over random input (seeded, so a failure replays): garbage never throws and
 * never yields an id that is not in the input or not of a container id's shape; a container segment appended
 * below any path is the answer (the innermost container wins).
 */
class CgroupParserPropertyTest {

    private static final int RUNS = 20_000;
    private static final Set<String> RUNTIMES = Set.of("", "docker", "containerd", "crio", "podman", "ecs");
    private static final String[] PIECES = {"/", "/", "/", ":", "::", "0::", "1:name=systemd:", "\n", "-", ".",
        ".scope", ".slice", ".mount", "docker", "docker-", "cri-containerd-", "crio-", "crio-conmon-", "libpod-",
        "libpod-payload-", "runc-", "conmon-", "kubepods", "kubepods-burstable-pod", "pod", "besteffort", "ecs",
        "..", "system.slice", "_", "container", "\u0000", "\u00ff", " ", "kubelet", "pods"};

    @Test
    void shouldNeverThrowAndOnlyReportWellFormedIdsFoundInTheInputWhenFedGarbage() {
        Random rnd = new Random(0x5eed_c6_01L);
        for (int run = 0; run < RUNS; run++) {
            String text = garbage(rnd);
            CgroupContainer c;
            try {
                c = CgroupParser.parse(text);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                assertEquals(c, CgroupParser.parse(bytes, bytes.length), "bytes and text agree");
            } catch (RuntimeException e) {
                throw new AssertionError("threw on " + escape(text), e);
            }
            assertNotNull(c);
            checkShape(c, text);
        }
    }

    @Test
    void shouldPickAContainerSegmentAppendedBelowAnyPath() {
        Random rnd = new Random(0x5eed_c6_02L);
        String[] prefixes = {"", "docker-", "cri-containerd-", "crio-", "libpod-", "libpod-payload-", "runc-",
            "acme-", "my-runtime-"};
        String[] suffixes = {"", ".scope", ".scope", ".x"};
        for (int run = 0; run < RUNS; run++) {
            String id = hex(rnd, 64);
            String parent = garbagePath(rnd);
            String segment = prefixes[rnd.nextInt(prefixes.length)] + id + suffixes[rnd.nextInt(suffixes.length)];
            String path = parent + "/" + segment + (rnd.nextInt(4) == 0 ? "/container" : "");
            CgroupContainer c = CgroupParser.parsePath(path, 2);
            if (!id.equals(c.containerId())) {
                fail("innermost segment " + segment + " not found in " + escape(path) + ": " + c);
            }
            assertTrue(c.cgroupPath().endsWith(segment), c.cgroupPath());
        }
    }

    private static void checkShape(CgroupContainer c, String text) {
        String id = c.containerId();
        if (!id.isEmpty()) {
            boolean full = id.length() == 64 && id.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f');
            boolean task = id.matches("[0-9a-f]{32}-[0-9]+");
            assertTrue(full || task, "not a container id: " + id);
            assertTrue(text.contains(id), "id not in the input: " + id);
        }
        assertTrue(RUNTIMES.contains(c.runtime()), "runtime " + c.runtime());
        String uid = c.podUid();
        assertTrue(uid.isEmpty() || uid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                || uid.matches("[0-9a-f]{32}"), "pod uid " + uid);
        assertTrue(!c.isHost() || c == CgroupContainer.HOST, "no container and no pod is the HOST sentinel");
    }

    private static String garbage(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> sb.append(hex(rnd, 60 + rnd.nextInt(8)));
                case 1 -> sb.append(hex(rnd, 8)).append(rnd.nextBoolean() ? '-' : '_').append(hex(rnd, 4))
                        .append('-').append(hex(rnd, 4)).append('-').append(hex(rnd, 4)).append('-').append(hex(rnd, 12));
                case 2 -> sb.append(hex(rnd, 32)).append('-').append(rnd.nextInt(1_000_000));
                case 3 -> sb.append((char) rnd.nextInt(0x250));
                default -> sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    private static String garbagePath(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append('/');
            switch (rnd.nextInt(4)) {
                case 0 -> sb.append("docker-").append(hex(rnd, 64)).append(".scope");
                case 1 -> sb.append("kubepods-besteffort-pod").append(hex(rnd, 32)).append(".slice");
                case 2 -> sb.append(hex(rnd, 64));
                default -> sb.append(PIECES[rnd.nextInt(PIECES.length)].replace("/", "").replace("\n", ""));
            }
        }
        return sb.toString();
    }

    private static String hex(Random rnd, int len) {
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            c[i] = "0123456789abcdef".charAt(rnd.nextInt(16));
        }
        return new String(c);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
