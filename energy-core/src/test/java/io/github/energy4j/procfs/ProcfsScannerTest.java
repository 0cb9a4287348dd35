package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsScannerTest {

    @TempDir
    Path tmp;

    private static Map<Integer, String> scan(ProcfsScanner s) {
        Map<Integer, String> seen = new HashMap<>();
        int n = s.scan((stat, buf) -> seen.put(stat.pid, new String(buf, stat.commFrom, stat.commTo - stat.commFrom,
                StandardCharsets.UTF_8) + ":" + stat.cpuTicks() + ":" + stat.startTime));
        assertEquals(seen.size(), n);
        return seen;
    }

    @Test
    void shouldSeeNewProcessesAndDropExitedOnes() {
        FakeProcfs p = FakeProcfs.create(tmp).process(10, "a", 1, 1, 100).process(20, "b c", 5, 0, 200);
        ProcfsScanner s = new ProcfsScanner(tmp, true, 30, 100);
        assertEquals(Map.of(10, "a:2:100", 20, "b c:5:200"), scan(s));
        p.exit(10).process(30, "d", 0, 0, 300);
        assertEquals(Map.of(20, "b c:5:200", 30, "d:0:300"), scan(s));
        assertEquals(2, s.trackedProcesses());
        assertEquals(1, s.vanished(), "pid 10 exited");
        s.close();
    }

    @Test
    void shouldReReadKeptFilesWithoutListingWhenNoForkHappened() {
        FakeProcfs p = FakeProcfs.create(tmp).process(10, "a", 1, 1, 100);
        ProcfsScanner s = new ProcfsScanner(tmp, false, 1000, 100);
        scan(s);
        long listings = s.listings();
        p.process(10, "a", 50, 1, 100); // same process, more CPU; file rewritten in place
        assertEquals(Map.of(10, "a:51:100"), scan(s));
        assertEquals(listings, s.listings(), "no fork, no listing");
        p.process(11, "new", 0, 0, 400); // a fork: the counter moves
        assertEquals(Map.of(10, "a:51:100", 11, "new:0:400"), scan(s));
        assertEquals(listings + 1, s.listings());
        s.close();
    }

    @Test
    void shouldReportPidReuseAsADifferentStartTime() {
        FakeProcfs p = FakeProcfs.create(tmp).process(10, "old", 100, 0, 100);
        ProcfsScanner s = new ProcfsScanner(tmp, true, 30, 100);
        assertEquals("old:100:100", scan(s).get(10));
        p.exit(10).process(10, "new", 3, 0, 9000);
        assertEquals("new:3:9000", scan(s).get(10));
        s.close();
    }

    @Test
    void shouldSkipMalformedStatFilesAndKeepGoing() {
        FakeProcfs p = FakeProcfs.create(tmp).process(10, "ok", 1, 0, 100).process(11, "bad", 1, 0, 100);
        FakeProcfs.write(tmp.resolve("11/stat"), "11 (bad) S 1 2\n");
        FakeProcfs.write(tmp.resolve("12/stat"), "");
        FakeProcfs.write(tmp.resolve("notapid/stat"), "x");
        ProcfsScanner s = new ProcfsScanner(tmp, true, 30, 100);
        assertEquals(Map.of(10, "ok:1:100"), scan(s));
        assertEquals(1, s.malformed(), "11's line is cut short");
        assertEquals(1, s.vanished(), "12's empty stat reads as a process that exited");
        s.close();
    }

    @Test
    void shouldFailTheScanWhenProcStatIsUnreadable() {
        ProcfsScanner s = new ProcfsScanner(tmp.resolve("nope"), true, 30, 100);
        assertEquals(-1, s.scan((stat, buf) -> { }));
        assertTrue(s.lastError().contains(tmp.resolve("nope").resolve("stat").toString()),
                "names the file it could not read: " + s.lastError());
        s.close();
    }

    @Test
    void shouldCloseFilesBeyondTheOpenFileCapButStillReadThem() {
        FakeProcfs p = FakeProcfs.create(tmp);
        for (int pid = 100; pid < 110; pid++) {
            p.process(pid, "p" + pid, pid, 0, pid);
        }
        ProcfsScanner s = new ProcfsScanner(tmp, false, 1000, 3);
        assertEquals(10, scan(s).size());
        p.process(105, "p105", 1000, 0, 105);
        assertEquals("p105:1000:105", scan(s).get(105));
        s.close();
    }

    @Test
    void shouldReadTheRealProcOfThisMachine() {
        ProcfsScanner s = new ProcfsScanner(Path.of("/proc"), false, 30, 10000);
        Map<Integer, String> seen = scan(s);
        int self = (int) ProcessHandle.current().pid();
        assertTrue(seen.containsKey(self), "own pid " + self + " among " + seen.size());
        assertTrue(ProcfsScanner.isProcFilesystem(Path.of("/proc")));
        assertFalse(ProcfsScanner.isProcFilesystem(tmp));
        s.close();
    }
}
