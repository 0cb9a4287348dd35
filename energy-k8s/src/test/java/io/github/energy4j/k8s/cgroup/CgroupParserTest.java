package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupParserTest {

    static final String ID_A = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    static final String ID_B = "ee4b20e90ac7f42a10bd004d05646b13d8ab5e2c5e7cbc01abf8006bac016459";
    static final String NODE = "2403ccfe427f1dc7b6120dccb9ac58c2f8456950380d587a9f33ea7f00dd303d";
    static final String UID = "03f3f104-3215-44f2-9686-d4dd1f05a7ed";
    static final String UID_ = "03f3f104_3215_44f2_9686_d4dd1f05a7ed";

    private static void assertContainer(CgroupContainer c, String id, String runtime, String podUid, QosClass qos) {
        assertEquals(id, c.containerId(), "containerId");
        assertEquals(runtime, c.runtime(), "runtime");
        assertEquals(podUid, c.podUid(), "podUid");
        assertEquals(qos, c.qos(), "qos");
    }

    @Test
    void shouldFindContainerdContainerWhenSystemdDriverOnCgroupV2() {
        String text = "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_
                + ".slice/cri-containerd-" + ID_A + ".scope\n";
        CgroupContainer c = CgroupParser.parse(text);
        assertContainer(c, ID_A, "containerd", UID, QosClass.BURSTABLE);
        assertEquals(2, c.cgroupVersion());
        assertEquals("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_
                + ".slice/cri-containerd-" + ID_A + ".scope", c.cgroupPath());
    }

    @Test
    void shouldFindContainerdContainerWhenV1LinesUseSliceColonForm() {
        // containerd with a systemd-style cgroupsPath on v1; some hierarchies still show the daemon's cgroup prefix
        String pod = "kubepods-besteffort-pod0125ec2f_b64a_4868_8f5b_94b56cbab864.slice:cri-containerd:" + ID_B;
        String text = "11:perf_event:/" + pod + "\n"
                + "10:blkio:/system.slice/containerd.service/" + pod + "\n"
                + "9:cpuacct,cpu:/system.slice/containerd.service/" + pod + "\n"
                + "8:cpuset:/" + pod + "\n"
                + "4:memory:/system.slice/containerd.service/" + pod + "\n"
                + "1:name=systemd:/system.slice/containerd.service/" + pod + "\n";
        CgroupContainer c = CgroupParser.parse(text);
        assertContainer(c, ID_B, "containerd", "0125ec2f-b64a-4868-8f5b-94b56cbab864", QosClass.BESTEFFORT);
        assertEquals(1, c.cgroupVersion());
        assertEquals("/system.slice/containerd.service/" + pod, c.cgroupPath(), "cpuacct line wins");
    }

    @Test
    void shouldFindPodAndLeaveRuntimeEmptyWhenKubeletUsesCgroupfsDriver() {
        String text = "12:cpu,cpuacct:/kubepods/besteffort/pod" + UID + "/" + ID_A + "\n"
                + "11:memory:/kubepods/besteffort/pod" + UID + "/" + ID_A + "\n"
                + "0::/\n";
        assertContainer(CgroupParser.parse(text), ID_A, "", UID, QosClass.BESTEFFORT);
    }

    @Test
    void shouldClassifyGuaranteedWhenPodSitsDirectlyUnderKubepods() {
        assertContainer(CgroupParser.parse("4:cpuacct:/kubepods/pod" + UID + "/" + ID_A + "\n"),
                ID_A, "", UID, QosClass.GUARANTEED);
        assertContainer(CgroupParser.parse("0::/kubepods.slice/kubepods-pod" + UID_ + ".slice/cri-containerd-"
                + ID_A + ".scope\n"), ID_A, "containerd", UID, QosClass.GUARANTEED);
    }

    @Test
    void shouldFindCrioContainerWhenSystemdDriverOnCgroupV1() {
        String path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda5c1f8d5_1919_434d_add7_"
                + "4afaafdaef89.slice/crio-5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c.scope";
        String text = "13:freezer:" + path + "\n12:cpuset:" + path + "\n11:files:/\n2:cpu,cpuacct:" + path
                + "\n1:name=systemd:" + path + "\n";
        assertContainer(CgroupParser.parse(text), "5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c",
                "crio", "a5c1f8d5-1919-434d-add7-4afaafdaef89", QosClass.BURSTABLE);
    }

    @Test
    void shouldFindCrioContainerWhenCrunAddsContainerSubgroup() {
        String text = "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_
                + ".slice/crio-" + ID_A + ".scope/container\n";
        CgroupContainer c = CgroupParser.parse(text);
        assertContainer(c, ID_A, "crio", UID, QosClass.BESTEFFORT);
        assertTrue(c.cgroupPath().endsWith("crio-" + ID_A + ".scope"), c.cgroupPath());
    }

    @Test
    void shouldReportPodButNoContainerWhenProcessIsCrioConmonUnderPodSlice() {
        String text = "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod207aaad1_659f_4db8_88e0_"
                + "46e0cdcc3004.slice/crio-conmon-" + ID_A + ".scope\n";
        CgroupContainer c = CgroupParser.parse(text);
        assertFalse(c.isContainer());
        assertFalse(c.isHost());
        assertEquals("207aaad1-659f-4db8-88e0-46e0cdcc3004", c.podUid());
        assertEquals(QosClass.BURSTABLE, c.qos());
    }

    @Test
    void shouldTreatConmonUnderSystemSliceAsHost() {
        assertSame(CgroupContainer.HOST, CgroupParser.parse("0::/system.slice/crio-conmon-" + ID_A + ".scope\n"));
        assertSame(CgroupContainer.HOST, CgroupParser.parse("0::/machine.slice/libpod-conmon-" + ID_A + ".scope\n"));
    }

    @Test
    void shouldFindCrioContainerWhenCgroupfsDriver() {
        assertContainer(CgroupParser.parse("3:cpu,cpuacct:/kubepods/burstable/pod" + UID + "/crio-" + ID_A + "\n"),
                ID_A, "crio", UID, QosClass.BURSTABLE);
    }

    @Test
    void shouldPreferV1DockerLinesWhenUnifiedLineIsDaemonCgroupOnHybridHost() {
        StringBuilder sb = new StringBuilder();
        String[] ctrls = {"net_cls,net_prio", "freezer", "rdma", "blkio", "memory", "cpu,cpuacct", "name=systemd"};
        int n = 12;
        for (String ctrl : ctrls) {
            sb.append(n--).append(':').append(ctrl).append(':').append(ctrl.equals("rdma") ? "/" : "/docker/" + NODE)
                    .append('\n');
        }
        sb.append("0::/system.slice/containerd.service\n");
        CgroupContainer c = CgroupParser.parse(sb.toString());
        assertContainer(c, NODE, "docker", "", QosClass.UNKNOWN);
        assertEquals("/docker/" + NODE, c.cgroupPath());
        assertEquals(1, c.cgroupVersion());
    }

    @Test
    void shouldFindDockerContainerWhenSystemdDriverOnCgroupV2() {
        assertContainer(CgroupParser.parse("0::/system.slice/docker-" + ID_A + ".scope\n"),
                ID_A, "docker", "", QosClass.UNKNOWN);
    }

    @Test
    void shouldFindDockerContainerInPodWhenDockershimWithSystemdDriver() {
        String text = "1:name=systemd:/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9692aa0e_"
                + "748e_11e8_8dfa_76d458035df6.slice/docker-" + ID_B + ".scope\n";
        assertContainer(CgroupParser.parse(text), ID_B, "docker", "9692aa0e-748e-11e8-8dfa-76d458035df6",
                QosClass.BESTEFFORT);
    }

    @Test
    void shouldFindPodmanContainerWhenRootfulRootlessOrCgroupfs() {
        assertContainer(CgroupParser.parse("0::/machine.slice/libpod-" + ID_A + ".scope/container\n"),
                ID_A, "podman", "", QosClass.UNKNOWN);
        assertContainer(CgroupParser.parse("0::/user.slice/user-0.slice/user@0.service/machine.slice/libpod-"
                + ID_B + ".scope/container\n"), ID_B, "podman", "", QosClass.UNKNOWN);
        assertContainer(CgroupParser.parse("4:cpu,cpuacct:/libpod_parent/libpod-" + ID_A + "\n"),
                ID_A, "podman", "", QosClass.UNKNOWN);
    }

    @Test
    void shouldPickInnermostContainerWhenKindNodeRunsPodsWithSystemdDriver() {
        String text = "0::/system.slice/docker-" + NODE + ".scope/kubelet.slice/kubelet-kubepods.slice/"
                + "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod1e597579_417e_482f_bf65_"
                + "5fe170c3aebd.slice/cri-containerd-" + ID_A + ".scope\n";
        assertContainer(CgroupParser.parse(text), ID_A, "containerd", "1e597579-417e-482f-bf65-5fe170c3aebd",
                QosClass.BESTEFFORT);
    }

    @Test
    void shouldReportKindNodeContainerWhenProcessIsTheNodesKubelet() {
        String text = "0::/system.slice/docker-" + NODE + ".scope/kubelet.slice/kubelet.service\n";
        assertContainer(CgroupParser.parse(text), NODE, "docker", "", QosClass.UNKNOWN);
    }

    @Test
    void shouldPickInnermostContainerWhenMinikubeNestsCgroupfsPodsInDocker() {
        String text = "7:cpu,cpuacct:/docker/" + NODE + "/kubepods/burstable/pod" + UID + "/" + ID_B + "\n"
                + "1:name=systemd:/docker/" + NODE + "/kubepods/burstable/pod" + UID + "/" + ID_B + "\n";
        assertContainer(CgroupParser.parse(text), ID_B, "", UID, QosClass.BURSTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0::../../kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-" + ID_A + ".scope",
            "0::/../../kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-" + ID_A
                    + ".scope"})
    void shouldResolveRelativePathWhenReadFromInsideCgroupNamespace(String line) {
        CgroupContainer c = CgroupParser.parse(line + "\n");
        assertContainer(c, ID_A, "containerd", UID, QosClass.BESTEFFORT);
        assertTrue(c.cgroupPath().contains(".."), "path kept as written: " + c.cgroupPath());
    }

    @Test
    void shouldFindEcsTaskAndContainerWhenEc2TaskLimitsHierarchy() {
        String text = "9:cpuacct:/ecs/48cb34f5-cd39-4d59-9bb9-89f3c1611afd/" + ID_A + "\n"
                + "1:name=systemd:/ecs/48cb34f5-cd39-4d59-9bb9-89f3c1611afd/" + ID_A + "\n";
        CgroupContainer c = CgroupParser.parse(text);
        assertContainer(c, ID_A, "ecs", "", QosClass.UNKNOWN);
        assertEquals("48cb34f5-cd39-4d59-9bb9-89f3c1611afd", c.taskId());
    }

    @Test
    void shouldFindFargateContainerWhenPlatformUsesTaskDashNumberIds() {
        CgroupContainer c = CgroupParser.parse(
                "0::/ecs/8a6b7ba42f554a2ca4ecd5ea0dd7ed89/8a6b7ba42f554a2ca4ecd5ea0dd7ed89-2470954305\n");
        assertContainer(c, "8a6b7ba42f554a2ca4ecd5ea0dd7ed89-2470954305", "ecs", "", QosClass.UNKNOWN);
        assertEquals("8a6b7ba42f554a2ca4ecd5ea0dd7ed89", c.taskId());
    }

    @Test
    void shouldKeepStaticPodHashUidWhenUidHasNoDashes() {
        String text = "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod187bff14cccb94f179e943eacce55bb3"
                + ".slice/cri-containerd-" + ID_A + ".scope\n";
        assertContainer(CgroupParser.parse(text), ID_A, "containerd", "187bff14cccb94f179e943eacce55bb3",
                QosClass.BURSTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0::/user.slice/user-1000.slice/session-3.scope\n",
        "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-4242.scope\n",
        "0::/system.slice/containerd.service\n",
        "0::/system.slice/kubelet.service\n",
        "0::/init.scope\n",
        "0::/system.slice/run-containerd-io.containerd.runtime.v2.task-k8s.io-" + ID_A + "-rootfs.mount\n",
        "0::/system.slice/var-lib-docker-overlay2-" + ID_A + "-merged.mount\n",
        "0::/\n",
        "12:cpu,cpuacct:/\n11:memory:/user.slice\n1:name=systemd:/init.scope\n0::/init.scope\n",
        "0::/system.slice/docker-abc123.scope\n",
        "0::/kubepods.slice/kubepods-burstable.slice\n",
        "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podnot-a-uid.slice\n",
        "0::/docker/" + "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n",
        "garbage without colons\n",
        ""
    })
    void shouldReturnHostWhenPathNamesNoContainerOrPod(String text) {
        assertSame(CgroupContainer.HOST, CgroupParser.parse(text));
    }

    @Test
    void shouldParseOnlyTheGivenLengthWhenBufferIsLargerThanContent() {
        byte[] content = ("0::/system.slice/docker-" + ID_A + ".scope\n").getBytes(StandardCharsets.UTF_8);
        byte[] buf = Arrays.copyOf(content, content.length + 200);
        byte[] tail = ("0::/system.slice/docker-" + ID_B + ".scope\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, buf, content.length, tail.length);
        assertEquals(ID_A, CgroupParser.parse(buf, content.length).containerId());
    }

    @Test
    void shouldNormaliseUnderscoresToDashesWhenUidIsSystemdEscaped() {
        assertEquals(UID, CgroupParser.uid("pod" + UID_, 3, 39));
        assertEquals(UID, CgroupParser.uid("pod" + UID, 3, 39));
        assertEquals(null, CgroupParser.uid("pod03f3f104x3215_44f2_9686_d4dd1f05a7ed", 3, 39));
    }
}
