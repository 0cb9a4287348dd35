package io.github.energy4j.k8s.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCgroupReaderTest {

    @TempDir
    Path tmp;

    @Test
    void shouldServeCachedResultWhenSameProcessIdentityIsAskedAgain() {
        FakeProcfs p = FakeProcfs.create(tmp).process(42, "java", 1, 1, 500)
                .cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_A + ".scope\n");
        ProcessCgroupReader r = new ProcessCgroupReader(p.root());
        assertEquals(CgroupParserTest.ID_A, r.read(42, 500).containerId());
        // Same (pid, start time): the file is not read again
        p.cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_B + ".scope\n");
        assertEquals(CgroupParserTest.ID_A, r.read(42, 500).containerId());
        assertEquals(1, r.cachedCount());
    }

    @Test
    void shouldReparseWhenPidIsRecycledWithNewStartTime() {
        FakeProcfs p = FakeProcfs.create(tmp).process(42, "java", 1, 1, 500)
                .cgroup(42, "0::/system.slice/docker-" + CgroupParserTest.ID_A + ".scope\n");
        ProcessCgroupReader r = new ProcessCgroupReader(p.root());
        r.read(42, 500);
        p.exit(42).process(42, "sh", 0, 0, 900).cgroup(42, "0::/user.slice/user-1000.slice/session-2.scope\n");
        assertSame(CgroupContainer.HOST, r.read(42, 900));
    }

    @Test
    void shouldReturnHostWhenCgroupFileIsMissing() {
        FakeProcfs p = FakeProcfs.create(tmp);
        assertSame(CgroupContainer.HOST, new ProcessCgroupReader(p.root()).read(7, 1));
    }
}
