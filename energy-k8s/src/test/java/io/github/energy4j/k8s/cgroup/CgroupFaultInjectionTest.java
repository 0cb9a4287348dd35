package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /proc/[pid]/cgroup} files that are truncated, garbage or gone by the time they are read: the
 * process is put on the host (its energy is still counted, only not under a container), never a
 * made-up container, and a later process with the same pid is resolved afresh.
 */
class CgroupFaultInjectionTest {

    @TempDir
    Path tmp;

    @Test
    void shouldPutAProcessWithATruncatedCgroupLineOnTheHostRatherThanInventAContainer() {
        FakeProcfs p = FakeProcfs.create(tmp).process(42, "java", 1, 1, 500)
                .cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_A.substring(0, 12));
        CgroupContainer c = new ProcessCgroupReader(p.root()).read(42, 500);
        assertFalse(c.containerId().equals(CgroupParserTest.ID_A));
        assertEquals("", c.containerId(), "a 12-digit fragment is not a container id");
    }

    @Test
    void shouldPutAProcessWithAGarbageCgroupFileOnTheHost() {
        FakeProcfs p = FakeProcfs.create(tmp).process(43, "x", 1, 1, 600)
                .cgroup(43, "\u0000\u00ff::::\n\n:/kubepods/\u0001\n" + "x".repeat(10_000));
        assertSame(CgroupContainer.HOST, new ProcessCgroupReader(p.root()).read(43, 600));
    }

    @Test
    void shouldResolveAfreshWhenTheProcessWasGoneAndItsPidCameBackInAContainer() {
        FakeProcfs p = FakeProcfs.create(tmp);
        ProcessCgroupReader r = new ProcessCgroupReader(p.root());
        assertSame(CgroupContainer.HOST, r.read(44, 700), "vanished between listing and reading");
        p.process(44, "app", 0, 0, 800).cgroup(44, "0::/system.slice/docker-" + CgroupParserTest.ID_B + ".scope\n");
        assertEquals(CgroupParserTest.ID_B, r.read(44, 800).containerId());
    }
}
