package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MountinfoParser} on the {@code fixtures/mountinfo/} tables (kernel {@code Documentation/filesystems/proc.rst}
 * format; see the README there).
 */
class MountinfoParserTest {

    static final String A = "27dd334856663991c77c812ab2e9b80bc7ae94e09052908ea68991b3c7546149";
    static final String G = "1a7e5f51f18da72f4e0ce15e007c83992488ef5df70322efa77961b0db950b14";
    static final String E = "2a62a3c98c49b5578684b8627e96753341b5e17ea9d86d03134b34e995e5e895";

    static String fixture(String name) {
        try (InputStream in = MountinfoParserTest.class.getResourceAsStream("/fixtures/mountinfo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
        // fixture,                  container id,                                                     runtime,  pod uid,                               qos
        "docker-cgroup-v2,            27dd334856663991c77c812ab2e9b80bc7ae94e09052908ea68991b3c7546149, docker,     '',                                   ''",
        "docker-in-minikube,          1ab11229ac28506ab591bebf49808540a7aec6a3baa67e403dfe7ab361e5dcf3, docker,     '',                                   ''",
        "podman-rootless,             8ffa11bf423211536abcdcca9f34f78dc1cf5ed0521b57e192e1317fcc8ac8ed, podman,     '',                                   ''",
        "podman-rootful,              10838f19152fbc152cf13419e2466bd496d9a6779f936039eb6617b1bea2998b, podman,     '',                                   ''",
        "crio-kubernetes,             a5b297df12392b08ded07631cf183c28ccbcf1e9e1f67030eeceead5e9d31497, crio,       1613d5d3-8e4c-473d-b432-7745a2b64498, ''",
        "containerd-kubernetes,       '',                                                               '',         03ca1763-255f-46c2-84d2-74b5820aa3f7, ''",
        "v1-bind-mounted-hierarchies, 3d021013b422510e52fed2ab1b2ab77052b102a0c569e9bdcec805f1d67d9204, '',         bae5abf0-307d-4197-af61-8733d8efd00d, besteffort",
    })
    void shouldNameTheContainerAndPodFromTheMountsOfTheContainersOwnFiles(String fixture, String id, String runtime,
                                                                           String pod, String qos) {
        CgroupContainer c = MountinfoParser.parse(fixture(fixture));
        assertAll(fixture,
                () -> assertEquals(id, c.containerId(), "containerId"),
                () -> assertEquals(runtime, c.runtime(), "runtime"),
                () -> assertEquals(pod, c.podUid(), "podUid"),
                () -> assertEquals(qos, c.qos().label(), "qos"));
    }

    @Test
    void shouldNameNothingInTheHostsOwnTable() {
        assertSame(CgroupContainer.HOST, MountinfoParser.parse(fixture("host")));
    }

    @Test
    void shouldKeepTheCgroupPathWhenBindMountedHierarchiesNameTheContainer() {
        CgroupContainer c = MountinfoParser.parse(fixture("v1-bind-mounted-hierarchies"));
        assertEquals(1, c.cgroupVersion());
        assertTrue(c.cgroupPath().endsWith("/" + c.containerId()), c.cgroupPath());
    }

    @Test
    void shouldLeaveThePathEmptyWhenTheContainerIsNamedByItsFiles() {
        CgroupContainer c = MountinfoParser.parse(fixture("docker-cgroup-v2"));
        assertEquals("", c.cgroupPath());
        assertEquals(0, c.cgroupVersion());
    }

    @Test
    void shouldSkipTheSandboxIdEvenWhenTheContainersOwnFileComesFirst() {
        // same CRI-O pod as the fixture, lines in another order: the container's /run/secrets before the sandbox's
        String own = "8113 8101 0:25 /containers/storage/overlay-containers/" + A
                + "/userdata/run/secrets /run/secrets rw,nosuid,nodev - tmpfs tmpfs rw,seclabel,size=6416204k\n";
        String sandbox = "8109 8101 0:25 /containers/storage/overlay-containers/" + G
                + "/userdata/hostname /etc/hostname rw,nosuid,nodev master:15 - tmpfs tmpfs rw,seclabel,size=6416204k\n";
        String hosts = "8111 8101 252:4 /var/lib/kubelet/pods/1613d5d3-8e4c-473d-b432-7745a2b64498/etc-hosts /etc/hosts"
                + " rw,relatime - xfs /dev/vda4 rw,seclabel,attr2\n";
        assertEquals(A, MountinfoParser.parse(own + sandbox + hosts).containerId());
        assertEquals(A, MountinfoParser.parse(hosts + sandbox + own).containerId());
    }

    @Test
    void shouldPreferTheInnermostContainerWhenBindMountedHierarchiesDisagree() {
        String outer = "30 25 0:29 /docker/" + A + " /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n";
        String inner = "31 25 0:30 /docker/" + A + "/docker/" + E
                + " /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct\n";
        assertEquals(E, MountinfoParser.parse(outer + inner).containerId());
        assertEquals(E, MountinfoParser.parse(inner + outer).containerId());
    }

    @Test
    void shouldIgnoreContainerDirectoriesMountedAnywhereButAtTheContainersOwnFiles() {
        String volume = "40 22 259:2 /var/lib/docker/containers/" + A + "/config /config rw - ext4 /dev/sda1 rw\n";
        assertSame(CgroupContainer.HOST, MountinfoParser.parse(volume));
    }

    @Test
    void shouldReadRootsAndMountPointsWithKernelEscapes() {
        assertEquals("/home/dev/my project", MountinfoParser.unescape("/home/dev/my\\040project"));
        assertEquals("a\\b\tc", MountinfoParser.unescape("a\\134b\\011c"));
        assertEquals("trailing\\04", MountinfoParser.unescape("trailing\\04"));
        String escaped = "50 22 259:2 /var/lib/docker/containers/" + A + "/hostname /etc/host\\156ame rw - ext4 /dev/sda1 rw\n";
        assertEquals(A, MountinfoParser.parse(escaped).containerId(), "\\156 is 'n'");
    }

    @Test
    void shouldSkipMalformedLinesAndKeepReadingTheRest() {
        String good = "1213 1204 259:2 /var/lib/docker/containers/" + A + "/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n";
        String text = "garbage\n1 2 3\n7 8 0:1 / /x rw shared:1\n9 9 0:1 /a /etc/hostname rw -\n\n" + good;
        assertEquals(A, MountinfoParser.parse(text).containerId());
    }

    @Test
    void shouldNeverThrowAndOnlyReportIdsFromTheInputWhenFedGarbage() {
        Random rnd = new Random(0x5eed_313L);
        String[] pieces = {" ", " ", " - ", "/", "/", "\n", "\\", "\\040", "\\1", "cgroup", "cgroup2", "tmpfs",
            "/etc/hostname", "/etc/hosts", "/run/secrets", "/var/lib/docker/containers/", "overlay-containers/",
            "/var/lib/kubelet/pods/", "sandboxes/", "containers/", "kubepods", "docker-", ".scope", "rw,cpuacct",
            A, G, "1613d5d3-8e4c-473d-b432-7745a2b64498", "1613d5d3_8e4c", "12", "0:25", "shared:1", "\u0000", "\u00e9"};
        for (int run = 0; run < 20_000; run++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.append(rnd.nextInt(8) == 0 ? Character.toString((char) rnd.nextInt(0x300)) : pieces[rnd.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            CgroupContainer c;
            try {
                c = MountinfoParser.parse(text);
            } catch (RuntimeException e) {
                throw new AssertionError("threw on run " + run + ": " + text, e);
            }
            String id = c.containerId();
            assertTrue(id.isEmpty() || id.length() == 64 && text.contains(id), () -> "id " + id + " from " + text);
            assertTrue(c.podUid().isEmpty() || c.podUid().length() == 36 || c.podUid().length() == 32, c.podUid());
            assertTrue(!c.isHost() || c == CgroupContainer.HOST, "no container and no pod is the HOST sentinel");
        }
    }
}
