package io.github.energy4j.agent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.agent.Main;
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

    private int run(String... args) {
        List<String> line = new ArrayList<>(List.of("ps"));
        line.addAll(List.of(args));
        return Main.run(line, out, err);
    }

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
        assertEquals(0, run("--procfs", p.root().toString(), "--format=json"));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
        List<Map<String, String>> rows = jsonRows();
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

    private List<Map<String, String>> jsonRows() throws java.io.IOException {
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
        return rows;
    }

    private static Map<String, String> row(int pid, String comm, String id, String runtime, String podUid, String qos) {
        return Map.of("pid", Integer.toString(pid), "comm", comm, "containerId", id, "runtime", runtime,
                "podUid", podUid, "qos", qos);
    }

    static final String UID_ = "1e597579_417e_482f_bf65_5fe170c3aebd";
    static final String UID = "1e597579-417e-482f-bf65-5fe170c3aebd";
    static final String ID_1 = "1".repeat(64);
    static final String ID_2 = "2".repeat(64);
    static final String ID_3 = "3".repeat(64);
    static final String ID_4 = "4".repeat(64);
    static final String ID_5 = "5".repeat(64);
    static final String ID_6 = "6".repeat(64);

    /** Every runtime, driver and nesting form of the cgroup parser, each in one process of one tree. */
    @Test
    void shouldResolveEveryRuntimeDriverAndNestingFormInOneTree() throws Exception {
        String v1Colon = "kubepods-besteffort-pod0125ec2f_b64a_4868_8f5b_94b56cbab864.slice:cri-containerd:" + ID_1;
        FakeProcfs.create(tmp)
                // containerd, systemd driver, cgroup v1 (slice:cri-containerd:id)
                .process(10, "envoy", 1, 1, 100).cgroup(10, "9:cpuacct,cpu:/system.slice/containerd.service/"
                        + v1Colon + "\n1:name=systemd:/system.slice/containerd.service/" + v1Colon + "\n")
                // kubelet cgroupfs driver, v1: the runtime is not in the path
                .process(11, "redis", 1, 1, 100).cgroup(11, "12:cpu,cpuacct:/kubepods/burstable/pod" + UID + "/"
                        + ID_2 + "\n0::/\n")
                // CRI-O, cgroupfs driver
                .process(12, "pause", 1, 1, 100).cgroup(12, "3:cpu,cpuacct:/kubepods/pod" + UID + "/crio-" + ID_3
                        + "\n")
                // CRI-O's conmon: in the pod, in no container
                .process(13, "conmon", 1, 1, 100).cgroup(13, "0::/kubepods.slice/kubepods-burstable.slice/"
                        + "kubepods-burstable-pod" + UID_ + ".slice/crio-conmon-" + ID_3 + ".scope\n")
                // docker, cgroupfs on v1 (/docker/id)
                .process(14, "postgres", 1, 1, 100).cgroup(14, "4:cpu,cpuacct:/docker/" + ID_4
                        + "\n1:name=systemd:/docker/" + ID_4 + "\n")
                // docker under kubepods (dockershim, systemd driver)
                .process(15, "php-fpm", 1, 1, 100).cgroup(15, "1:name=systemd:/kubepods.slice/kubepods-besteffort.slice/"
                        + "kubepods-besteffort-pod" + UID_ + ".slice/docker-" + ID_5 + ".scope\n")
                // kind: a pod's containerd container inside the node's docker container (innermost wins)
                .process(16, "coredns", 1, 1, 100).cgroup(16, "0::/system.slice/docker-" + ID_6 + ".scope/kubelet.slice/"
                        + "kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod"
                        + UID_ + ".slice/cri-containerd-" + ID_1 + ".scope\n")
                // minikube: cgroupfs pods inside the node's docker container
                .process(17, "etcd", 1, 1, 100).cgroup(17, "7:cpu,cpuacct:/docker/" + ID_6 + "/kubepods/burstable/pod"
                        + UID + "/" + ID_2 + "\n")
                // read from inside a cgroup namespace
                .process(18, "app", 1, 1, 100).cgroup(18, "0::/../../kubepods-besteffort.slice/kubepods-besteffort-pod"
                        + UID_ + ".slice/cri-containerd-" + ID_3 + ".scope\n")
                // podman, cgroupfs
                .process(19, "httpd", 1, 1, 100).cgroup(19, "4:cpu,cpuacct:/libpod_parent/libpod-" + ID_4 + "\n")
                // ECS on EC2 and Fargate
                .process(20, "ecs-app", 1, 1, 100).cgroup(20, "9:cpuacct:/ecs/48cb34f5-cd39-4d59-9bb9-89f3c1611afd/"
                        + ID_5 + "\n")
                .process(21, "fargate-app", 1, 1, 100).cgroup(21, "0::/ecs/8a6b7ba42f554a2ca4ecd5ea0dd7ed89/"
                        + "8a6b7ba42f554a2ca4ecd5ea0dd7ed89-2470954305\n")
                // host: a service, a user session, a mount unit, the kind node's own kubelet is the node container
                .process(22, "containerd", 1, 1, 100).cgroup(22, "0::/system.slice/containerd.service\n")
                .process(23, "sshd", 1, 1, 100).cgroup(23, "0::/user.slice/user-1000.slice/session-3.scope\n")
                .process(24, "mount", 1, 1, 100).cgroup(24, "0::/system.slice/var-lib-docker-overlay2-" + ID_4
                        + "-merged.mount\n")
                .process(25, "kubelet", 1, 1, 100).cgroup(25, "0::/system.slice/docker-" + ID_6
                        + ".scope/kubelet.slice/kubelet.service\n");
        assertEquals(0, run("--procfs", tmp.toString(), "--format", "json"));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(
                row(10, "envoy", ID_1, "containerd", "0125ec2f-b64a-4868-8f5b-94b56cbab864", "besteffort"),
                row(11, "redis", ID_2, "", UID, "burstable"),
                row(12, "pause", ID_3, "crio", UID, "guaranteed"),
                row(13, "conmon", "", "", UID, "burstable"),
                row(14, "postgres", ID_4, "docker", "", ""),
                row(15, "php-fpm", ID_5, "docker", UID, "besteffort"),
                row(16, "coredns", ID_1, "containerd", UID, "besteffort"),
                row(17, "etcd", ID_2, "", UID, "burstable"),
                row(18, "app", ID_3, "containerd", UID, "besteffort"),
                row(19, "httpd", ID_4, "podman", "", ""),
                row(20, "ecs-app", ID_5, "ecs", "", ""),
                row(21, "fargate-app", "8a6b7ba42f554a2ca4ecd5ea0dd7ed89-2470954305", "ecs", "", ""),
                row(22, "containerd", "", "", "", ""),
                row(23, "sshd", "", "", "", ""),
                row(24, "mount", "", "", "", ""),
                row(25, "kubelet", ID_6, "docker", "", "")), jsonRows());
    }

    @Test
    void shouldPrintTableWithOneRowPerProcessByDefault() {
        FakeProcfs p = multiRuntimeTree();
        assertEquals(0, run("--procfs=" + p.root()));
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
        assertEquals(2, run("--procfs", tmp.resolve("nope").toString()));
        assertEquals("energy4j ps: cannot read the proc root " + tmp.resolve("nope") + " (IOException); pass --procfs "
                + "DIR with a readable proc tree\n", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoWhenFlagIsUnknownOrFormatIsWrong() {
        assertEquals(2, run("--bogus"));
        assertEquals(2, run("--format", "yaml"));
        assertEquals(2, run("--procfs"));
        assertEquals(List.of("energy4j ps: unknown option '--bogus' (options: --format, --help, --procfs, --version)",
                "energy4j ps: --format must be one of table, json, was 'yaml'", "energy4j ps: --procfs needs a value"),
                errBytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
