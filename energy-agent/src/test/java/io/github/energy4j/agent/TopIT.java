package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code energy4j top} over a fake tree whose package counter moves 1 J every 100 ms (10 W). */
class TopIT {

    @TempDir
    Path tmp;

    private Thread tenWatts(Path pkg) {
        Thread t = new Thread(() -> {
            long uj = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                uj += 1_000_000;
                FakePowercap.energy(pkg, uj);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void shouldRedrawCountTimesAndRestoreTheCursor() {
        FakeProcfs.create(tmp.resolve("proc")).process(300, "worker", 10, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Thread w = tenWatts(pkg);
        CliTest.Result r;
        try {
            r = CliTest.run("top", "--count", "2", "--interval", "1s", "--procfs", tmp.resolve("proc").toString(),
                    "--sysfs", tmp.resolve("sys").toString());
        } finally {
            w.interrupt();
        }
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().split("\033\\[H\033\\[2J", -1).length - 1, "two screens");
        assertTrue(r.out().endsWith(TopCommand.SHOW_CURSOR), "cursor restored");
        String last = r.out().substring(r.out().lastIndexOf("\033[2J"));
        String row = last.lines().filter(l -> l.startsWith("package-0")).findFirst().orElseThrow();
        double watts = Double.parseDouble(row.trim().split("\\s+")[3]);
        assertEquals(10.0, watts, 2.5, row);
    }

    @Test
    void shouldRunInATerminalUnderTmux() throws Exception {
        Path tmux = Binaries.find("tmux").orElse(null);
        assumeTrue(tmux != null, "needs tmux");
        FakeProcfs.create(tmp.resolve("proc")).process(300, "worker", 10, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Thread w = tenWatts(pkg);
        String session = "energy4j-top-" + ProcessHandle.current().pid();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = String.join(" ", List.of(quote(java), "-cp", quote(System.getProperty("java.class.path")),
                Main.class.getName(), "top", "--interval", "300ms", "--procfs", quote(tmp.resolve("proc").toString()),
                "--sysfs", quote(tmp.resolve("sys").toString()))) + "; echo top-exited-$?; sleep 30";
        try {
            exec(tmux.toString(), "new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd);
            String screen = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // wait for a full table; a log line may come first (the fake counter file is rewritten in place)
            while (!(screen.contains("ZONE") && screen.contains("worker")) && System.nanoTime() < deadline) {
                Thread.sleep(300);
                screen = exec(tmux.toString(), "capture-pane", "-p", "-t", session);
            }
            assertTrue(screen.contains("ZONE") && screen.contains("package-0") && screen.contains("worker"), screen);
            assertTrue(screen.lines().anyMatch(l -> l.startsWith("ZONE ") && l.contains(" PROVENANCE ")),
                    "the zone table names its measured/estimated column: " + screen);
            assertEquals("0", exec(tmux.toString(), "display", "-p", "-t", session, "#{cursor_flag}").strip(),
                    "cursor hidden while top draws");
            exec(tmux.toString(), "send-keys", "-t", session, "C-c");
            String after = screen;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!after.contains("top-exited-") && System.nanoTime() < deadline) {
                Thread.sleep(300);
                after = exec(tmux.toString(), "capture-pane", "-p", "-t", session);
            }
            assertTrue(after.contains("top-exited-130"), "top did not exit on Ctrl-C (128 + SIGINT): " + after);
            assertEquals("1", exec(tmux.toString(), "display", "-p", "-t", session, "#{cursor_flag}").strip(),
                    "cursor shown again after Ctrl-C");
        } finally {
            w.interrupt();
            new ProcessBuilder(tmux.toString(), "kill-session", "-t", session).start().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
