package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessExeTest {

    @TempDir
    Path tmp;

    private void link(int pid, String target) throws Exception {
        Path l = tmp.resolve(pid + "/exe");
        Files.deleteIfExists(l);
        Files.createSymbolicLink(l, Path.of(target));
    }

    @Test
    void shouldGiveTheExeLinkTargetReadOncePerProcess() throws Exception {
        FakeProcfs.create(tmp).process(300, "nginx", 10, 0, 5).process(301, "kthreadd", 0, 0, 1);
        link(300, "/usr/sbin/nginx");
        ProcessExe e = new ProcessExe(tmp);
        assertEquals("/usr/sbin/nginx", e.of(300, 5));
        assertEquals("", e.of(301, 1), "kernel threads have no exe link");
        link(300, "/usr/sbin/changed");
        assertEquals("/usr/sbin/nginx", e.of(300, 5), "cached: not read again while exported");
        assertEquals(2, e.reads());
        e.endFrame();
        assertEquals("/usr/sbin/nginx", e.of(300, 5));
        assertEquals(2, e.reads());
    }

    @Test
    void shouldForgetProcessesNoLongerExportedAndReadAReusedPidAfresh() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp).process(300, "old", 10, 0, 5);
        link(300, "/usr/bin/old");
        ProcessExe e = new ProcessExe(tmp);
        assertEquals("/usr/bin/old", e.of(300, 5));
        e.endFrame();
        e.endFrame(); // a frame without pid 300
        p.process(300, "new", 1, 0, 99);
        link(300, "/usr/bin/new");
        assertEquals("/usr/bin/new", e.of(300, 99));
        assertEquals(2, e.reads());
    }

    @Test
    void shouldNotLendAReusedPidsExeToTheProcessThatHadThePidBefore() throws Exception {
        FakeProcfs.create(tmp).process(300, "new", 1, 0, 99);
        link(300, "/usr/bin/new");
        // the snapshot still holds the old process (start time 5) while the pid already belongs to another
        assertEquals("", new ProcessExe(tmp).of(300, 5));
    }

    @Test
    void shouldGiveEmptyStringsWithoutAProcRootOrForAVanishedProcess() {
        assertEquals("", ProcessExe.NONE.of(1, 1));
        assertEquals(0, ProcessExe.NONE.reads());
        assertEquals("", new ProcessExe(tmp).of(4242, 1));
    }
}
