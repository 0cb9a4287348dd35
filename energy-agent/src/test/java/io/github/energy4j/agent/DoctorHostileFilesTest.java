package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on trees whose kernel files are FIFOs: opening one for reading would block until a writer comes,
 * so before, every command hung. Now each returns promptly with the reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoctorHostileFilesTest {

    @TempDir
    Path tmp;

    private static void mkfifo(Path p) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")) || Files.isExecutable(Path.of("/bin/mkfifo")),
                "needs mkfifo");
        Files.deleteIfExists(p);
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
    }

    @Test
    void shouldSayTheCounterIsAFifoPromptly() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1000);
        mkfifo(pkg.resolve("energy_uj"));
        CliTest.Result r = CliTest.run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString());
        assertTrue(r.out().contains("energy_uj") && r.out().contains("a FIFO, not a regular file"), r.out() + r.err());
    }

    @Test
    void shouldNotHangOnFifosInProcfs() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1000);
        mkfifo(proc.resolve("300").resolve("stat"));
        mkfifo(proc.resolve("300").resolve("cgroup"));
        CliTest.Result r = CliTest.run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString());
        assertTrue(r.out().contains("package-0"), r.out() + r.err());
        mkfifo(proc.resolve("stat"));
        CliTest.Result s = CliTest.run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString());
        assertTrue(s.out().contains("package-0"), "doctor still lists the zones: " + s.out() + s.err());
    }
}
