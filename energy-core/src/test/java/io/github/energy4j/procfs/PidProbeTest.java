package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On the real /proc: new processes are found by pid after a fork, threads are not taken for processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PidProbeTest {

    private static final Path PROC = Path.of("/proc");

    private static Map<Integer, String> scan(ProcfsScanner s) {
        Map<Integer, String> seen = new HashMap<>();
        assertTrue(s.scan((stat, buf) -> seen.put(stat.pid,
                new String(buf, stat.commFrom, stat.commTo - stat.commFrom))) >= 0, s.lastError());
        return seen;
    }

    private static long lastPid() throws IOException {
        return Long.parseLong(Files.readString(PROC.resolve("sys/kernel/ns_last_pid")).trim());
    }

    private static Set<Integer> ownThreads() throws IOException {
        Set<Integer> tids = new HashSet<>();
        try (Stream<Path> s = Files.list(PROC.resolve("self/task"))) {
            s.forEach(p -> tids.add(Integer.parseInt(p.getFileName().toString())));
        }
        return tids;
    }

    @Test
    void shouldFindANewProcessByItsPidAndSkipANewThreadWithoutListing() throws Exception {
        assumeTrue(ProcfsScanner.isProcFilesystem(PROC), "needs a real procfs");
        try (ProcfsScanner s = new ProcfsScanner(PROC, false, Integer.MAX_VALUE, 1 << 16)) {
            assumeTrue(s.probesNewPids(), "ns_last_pid unreadable, or /proc of another pid namespace");
            assertEquals(-1, PidStatParser.exitSignal(Files.readString(PROC.resolve("thread-self/stat"))),
                    "a thread's exit_signal");
            // other work on the machine may hand out more pids between two scans than are worth probing; then the
            // scanner lists (correctly), and the attempt is repeated
            for (int attempt = 0; ; attempt++) {
                scan(s);
                long listings = s.listings();
                long probes = s.pidProbes();
                long before = lastPid();
                Set<Integer> threadsBefore = ownThreads();
                Thread parked = new Thread(LockSupport::park, "parked");
                parked.setDaemon(true);
                parked.start();
                Process child = new ProcessBuilder("sleep", "30").start();
                try {
                    Set<Integer> newThreads = ownThreads();
                    newThreads.removeAll(threadsBefore);
                    Map<Integer, String> seen = scan(s);
                    if (lastPid() - before > 48 && attempt < 3) {
                        continue;
                    }
                    assertEquals("sleep", seen.get((int) child.pid()), "the new process, found by its pid");
                    assertEquals(listings, s.listings(), "no listing for it");
                    assertTrue(s.pidProbes() > probes, "pids were probed");
                    assertFalse(newThreads.isEmpty(), "the parked thread has a tid");
                    for (int tid : newThreads) {
                        assertFalse(seen.containsKey(tid), "thread " + tid + " taken for a process");
                    }

                    // it exits: gone at the next scan, still without a listing
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    long vanished = s.vanished();
                    seen = scan(s);
                    assertFalse(seen.containsKey((int) child.pid()));
                    assertEquals(vanished + 1, s.vanished());
                    assertEquals(listings, s.listings(), "an exit needs no listing either");
                    return;
                } finally {
                    child.destroyForcibly();
                    LockSupport.unpark(parked);
                }
            }
        }
    }

    @Test
    void shouldStillListEvery300ScansWhileProbing() {
        assumeTrue(ProcfsScanner.isProcFilesystem(PROC), "needs a real procfs");
        try (ProcfsScanner s = new ProcfsScanner(PROC, false, Integer.MAX_VALUE, 1 << 16)) {
            assumeTrue(s.probesNewPids(), "ns_last_pid unreadable, or /proc of another pid namespace");
            for (int i = 0; i < 299; i++) {
                scan(s);
            }
            long listings = s.listings();
            scan(s);
            assertEquals(listings + 1, s.listings(), "scan 300 lists, whatever the fork counter did");
        }
    }

    @Test
    void shouldReadTheExitSignalAfterTheLastParenthesis() {
        String tail = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
        assertEquals(17, PidStatParser.exitSignal("42 (a) b) c) S" + tail + " 17 1 0 0"));
        assertEquals(-1, PidStatParser.exitSignal("42 (x) S" + tail + " -1 0"));
        assertEquals(Integer.MIN_VALUE, PidStatParser.exitSignal("42 (x) S 1 2 3"));
        assertEquals(Integer.MIN_VALUE, PidStatParser.exitSignal("no parenthesis"));
    }
}
