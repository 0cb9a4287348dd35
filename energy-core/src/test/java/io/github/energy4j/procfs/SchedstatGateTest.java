package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The schedstat gate on this machine's real {@code /proc}: single-threaded processes whose run time did not move are
 * not read from {@code stat} again, and the CPU time handed on is exactly what {@code stat} says.
 */
class SchedstatGateTest {

    private static final Path PROC = Path.of("/proc");

    private Process sleeper;
    private Process spinner;

    @AfterEach
    void stop() {
        for (Process p : new Process[] {sleeper, spinner}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** utime + stime of {@code pid} read straight from its stat file, parsed by the same parser. */
    private static long statTicks(long pid) throws IOException {
        byte[] b = Files.readAllBytes(PROC.resolve(pid + "/stat"));
        PidStat s = new PidStat();
        assertTrue(PidStatParser.parse(b, b.length, s));
        return s.cpuTicks();
    }

    /** Every field a sink is handed, with the comm taken from the buffer as a sink does. */
    private static String view(PidStat s, byte[] buf) {
        return s.pid + " " + (char) s.state + " " + s.utime + " " + s.stime + " " + s.startTime + " " + s.threads
                + " (" + new String(buf, s.commFrom, s.commTo - s.commFrom, StandardCharsets.US_ASCII) + ")";
    }

    /** What the parser makes of {@code pid}'s stat file read now. */
    private static String statView(long pid) throws IOException {
        byte[] b = Files.readAllBytes(PROC.resolve(pid + "/stat"));
        PidStat s = new PidStat();
        assertTrue(PidStatParser.parse(b, b.length, s));
        return view(s, b);
    }

    private final Map<Integer, String> views = new HashMap<>();

    private Map<Integer, Long> scan(ProcfsScanner scanner) {
        Map<Integer, Long> ticks = new HashMap<>();
        views.clear();
        assertTrue(scanner.scan((stat, buf) -> {
            ticks.put(stat.pid, stat.cpuTicks());
            views.put(stat.pid, view(stat, buf));
        }) >= 0, scanner.lastError());
        return ticks;
    }

    private static void signal(Process p, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void shouldSkipStatReadsOfIdleSingleThreadedProcessesAndHandOnExactlyWhatStatSays() throws Exception {
        assumeTrue(ProcfsScanner.isProcFilesystem(PROC), "needs a real procfs");
        sleeper = new ProcessBuilder("sleep", "300").start();
        // single-threaded and busy: a shell loop of builtins
        spinner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        int self = (int) ProcessHandle.current().pid();
        int sl = (int) sleeper.pid();
        int sp = (int) spinner.pid();
        try (ProcfsScanner scanner = ProcfsScanner.ofPids(PROC, sl, sp, self)) {
            assumeTrue(scanner.gatesBySchedstat(), "the kernel has no schedstat (CONFIG_SCHED_INFO off)");
            Thread.sleep(300);
            scan(scanner); // first sight: stat for all three
            scan(scanner); // the two single-threaded ones now have a run time read before their stat
            long saved = scanner.statReadsSaved();
            long reads = scanner.statReads();

            Thread.sleep(200);
            Map<Integer, Long> t = scan(scanner);
            assertEquals(saved + 1, scanner.statReadsSaved(), "the sleeper's stat is not read again");
            assertEquals(reads + 2, scanner.statReads(), "the spinner moved, the JVM has many threads");
            assertEquals(statTicks(sl), t.get(sl), "the sleeper's figure is still its stat's");

            // stopped, the spinner cannot run: one more stat read (its run time moved since), then none
            signal(spinner, "STOP");
            Thread.sleep(100);
            scan(scanner);
            long readsStopped = scanner.statReads();
            long savedStopped = scanner.statReadsSaved();
            for (int i = 0; i < 5; i++) {
                t = scan(scanner);
                assertEquals(statTicks(sp), t.get(sp), "exactly what stat says while it is stopped");
                assertEquals(statTicks(sl), t.get(sl));
                // not only the CPU time: state, start time, threads and comm are the ones a stat read gives now
                assertEquals(statView(sp), views.get(sp));
                assertEquals(statView(sl), views.get(sl));
            }
            assertEquals(savedStopped + 10, scanner.statReadsSaved(), "sleeper and stopped spinner: no stat reads");
            assertEquals(readsStopped + 5, scanner.statReads(), "only the JVM's stat, every scan");

            // running again, its CPU time is read again and keeps growing, never backwards
            long before = t.get(sp);
            signal(spinner, "CONT");
            Thread.sleep(300);
            t = scan(scanner);
            assertTrue(t.get(sp) > before, "the spinner's CPU time grows once it runs: " + before + " -> " + t.get(sp));
            assertTrue(t.get(sp) <= statTicks(sp));

            // an exited process vanishes although its stat is not being read
            sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            long vanished = scanner.vanished();
            t = scan(scanner);
            assertEquals(vanished + 1, scanner.vanished(), "the sleeper exited");
            assertTrue(!t.containsKey(sl));
        }
    }

    @Test
    void shouldKeepStatAndSchedstatDescriptorsWithinTheBudget() throws Exception {
        assumeTrue(ProcfsScanner.isProcFilesystem(PROC), "needs a real procfs");
        sleeper = new ProcessBuilder("sleep", "300").start();
        int sl = (int) sleeper.pid();
        Thread.sleep(200);
        // one descriptor: the sleeper's stat file stays open, no schedstat is opened, so every scan reads stat
        try (ProcfsScanner tight = new ProcfsScanner(PROC, false, Integer.MAX_VALUE, 1)) {
            assumeTrue(tight.gatesBySchedstat(), "the kernel has no schedstat (CONFIG_SCHED_INFO off)");
            for (int i = 0; i < 3; i++) {
                scan(tight);
            }
            assertEquals(0, tight.statReadsSaved(), "no descriptor was left for a schedstat file");
        }
        try (ProcfsScanner pair = ProcfsScanner.ofPids(PROC, sl)) {
            for (int i = 0; i < 4; i++) {
                scan(pair);
            }
            assertEquals(2, pair.statReadsSaved(), "two descriptors: stat and schedstat, so scans 3 and 4 skip stat");
        }
        String limits = Files.readString(PROC.resolve("self/limits"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^Max open files\\s+(\\d+)").matcher(limits);
        assumeTrue(m.find(), "no numeric soft limit");
        long soft = Long.parseLong(m.group(1));
        assertEquals((int) Math.min(Integer.MAX_VALUE, soft * 3 / 4), ProcfsScanner.descriptorBudget(Integer.MAX_VALUE));
        assertEquals(10, ProcfsScanner.descriptorBudget(10));
    }

    @Test
    void shouldGateWithOneDescriptorPerProcessWhenTheBudgetIsTight() throws Exception {
        assumeTrue(ProcfsScanner.isProcFilesystem(PROC), "needs a real procfs");
        sleeper = new ProcessBuilder("sleep", "300").start();
        int sl = (int) sleeper.pid();
        Thread.sleep(200);
        int processes;
        try (ProcfsScanner roomy = new ProcfsScanner(PROC, false, Integer.MAX_VALUE, 1 << 20)) {
            assumeTrue(roomy.gatesBySchedstat(), "the kernel has no schedstat (CONFIG_SCHED_INFO off)");
            scan(roomy);
            processes = roomy.trackedProcesses();
        }
        // fewer descriptors than two per process, more than one: gated processes keep only their schedstat one
        int budget = processes + processes / 2;
        long fdsBefore = openDescriptors();
        try (ProcfsScanner tight = new ProcfsScanner(PROC, false, Integer.MAX_VALUE, budget)) {
            Map<Integer, Long> t = null;
            for (int i = 0; i < 4; i++) {
                t = scan(tight);
            }
            assertTrue(tight.statReadsSaved() > 0, "idle single-threaded processes were gated");
            assertEquals(statTicks(sl), t.get(sl), "the sleeper's figure is still its stat's");
            long held = openDescriptors() - fdsBefore;
            assertTrue(held <= tight.trackedProcesses() + 16, held + " descriptors held for "
                    + tight.trackedProcesses() + " processes: about one each");
            sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            long vanished = tight.vanished();
            t = scan(tight);
            assertTrue(tight.vanished() > vanished && !t.containsKey(sl), "an exit is seen through schedstat too");
        }
    }

    private static long openDescriptors() throws IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(PROC.resolve("self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void shouldReadStatEveryTimeOnAFakeRoot(@org.junit.jupiter.api.io.TempDir Path tmp) {
        io.github.energy4j.testing.FakeProcfs p = io.github.energy4j.testing.FakeProcfs.create(tmp)
                .process(10, "a", 1, 0, 5);
        try (ProcfsScanner scanner = new ProcfsScanner(p.root(), true, 1, 100)) {
            for (int i = 0; i < 3; i++) {
                scan(scanner);
            }
            assertEquals(false, scanner.gatesBySchedstat());
            assertEquals(0, scanner.statReadsSaved());
            assertEquals(3, scanner.statReads());
        }
    }
}
