package io.github.energy4j.k8s.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PsCommandTest {

    static final String CTRD = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    static final String CRIO = "5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c";
    static final String DOCKER = "2403ccfe427f1dc7b6120dccb9ac58c2f8456950380d587a9f33ea7f00dd303d";
    static final String PODMAN = "cf21d19260ace8544fe8b769fc2638bf2c0873dfbfff0b6253f0569b26a1d5eb";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private FakeProcfs multiRuntimeTree() {
        return FakeProcfs.create(tmp)
                .process(1, "systemd", 10, 10, 1).cgroup(1, "0::/init.scope\n")
                .process(200, "java", 100, 20, 5000).cgroup(200, "0::/kubepods.slice/kubepods-burstable.slice/"
                        + "kubepods-burstable-pod03f3f104_3215_44f2_9686_d4dd1f05a7ed.slice/cri-containerd-" + CTRD
                        + ".scope\n")
                .process(300, "worker (x) y", 50, 5, 6000).cgroup(300, "13:freezer:/kubepods.slice/"
                        + "kubepods-besteffort.slice/kubepods-besteffort-poda5c1f8d5_1919_434d_add7_4afaafdaef89.slice/"
                        + "crio-" + CRIO + ".scope\n2:cpu,cpuacct:/kubepods.slice/kubepods-besteffort.slice/"
                        + "kubepods-besteffort-poda5c1f8d5_1919_434d_add7_4afaafdaef89.slice/crio-" + CRIO + ".scope\n")
                .process(400, "nginx", 1, 1, 7000).cgroup(400, "0::/system.slice/docker-" + DOCKER + ".scope\n")
                .process(500, "bash", 1, 1, 8000).cgroup(500, "0::/user.slice/user-0.slice/user@0.service/"
                        + "machine.slice/libpod-" + PODMAN + ".scope/container\n");
    }

    @Test
    void shouldResolveEveryContainerOfMultiRuntimeTreeAsJson() throws Exception {
        FakeProcfs p = multiRuntimeTree();
        assertEquals(0, PsCommand.run(List.of("--procfs", p.root().toString(), "--format=json"), out, err));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
        List<Map<String, String>> rows = new ArrayList<>();
        try (JsonParser jp = new JsonFactory().createParser(outBytes.toByteArray())) {
            Map<String, String> row = null;
            JsonToken t;
            while ((t = jp.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT && jp.getParsingContext().getParent().inArray()) {
                    row = new HashMap<>();
                } else if (t == JsonToken.END_OBJECT && row != null) {
                    rows.add(row);
                    row = null;
                } else if (row != null && t.isScalarValue()) {
                    row.put(jp.currentName(), jp.getValueAsString());
                }
            }
        }
        assertEquals(5, rows.size());
        assertEquals(Map.of("pid", "1", "comm", "systemd", "containerId", "", "runtime", "", "podUid", "", "qos", ""),
                rows.get(0));
        assertEquals(Map.of("pid", "200", "comm", "java", "containerId", CTRD, "runtime", "containerd",
                "podUid", "03f3f104-3215-44f2-9686-d4dd1f05a7ed", "qos", "burstable"), rows.get(1));
        assertEquals(Map.of("pid", "300", "comm", "worker (x) y", "containerId", CRIO, "runtime", "crio",
                "podUid", "a5c1f8d5-1919-434d-add7-4afaafdaef89", "qos", "besteffort"), rows.get(2));
        assertEquals(DOCKER, rows.get(3).get("containerId"));
        assertEquals("docker", rows.get(3).get("runtime"));
        assertEquals(PODMAN, rows.get(4).get("containerId"));
        assertEquals("podman", rows.get(4).get("runtime"));
    }

    @Test
    void shouldPrintTableWithOneRowPerProcessByDefault() {
        FakeProcfs p = multiRuntimeTree();
        assertEquals(0, PsCommand.run(List.of("--procfs=" + p.root()), out, err));
        String[] lines = outBytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].startsWith("PID"), lines[0]);
        assertTrue(lines[2].startsWith("200") && lines[2].contains(CTRD) && lines[2].contains("burstable"), lines[2]);
        assertTrue(lines[1].contains("systemd") && lines[1].contains(" - "), lines[1]);
    }

    @Test
    void shouldTakeCommBetweenFirstOpenAndLastCloseParenthesis() {
        byte[] stat = FakeProcfs.pidStatLine(9, "a) b (c", 'S', 1, 1, 1).getBytes(StandardCharsets.UTF_8);
        assertEquals("a) b (c", PsCommand.comm(stat, stat.length));
        assertEquals("", PsCommand.comm(new byte[0], 0));
    }

    @Test
    void shouldExitTwoWithOneLineWhenProcRootIsUnreadable() {
        assertEquals(2, PsCommand.run(List.of("--procfs", tmp.resolve("nope").toString()), out, err));
        String e = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("nope"), e);
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoWhenFlagIsUnknownOrFormatIsWrong() {
        assertEquals(2, PsCommand.run(List.of("--bogus"), out, err));
        assertEquals(2, PsCommand.run(List.of("--format", "yaml"), out, err));
        assertEquals(2, PsCommand.run(List.of("--procfs"), out, err));
        assertEquals(3, errBytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
