package io.github.energy4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {

    @TempDir
    Path tmp;

    @Test
    void shouldReadThePpidAfterACommWithSpacesAndParentheses() {
        assertEquals(1, ProcessTree.parsePpid(FakeProcfs.pidStatLine(9, "a) (b c", 'R', 1, 2, 3)));
        assertEquals(4321, ProcessTree.parsePpid("77 (x) S 4321 77 77 0 -1"));
        assertEquals(-1, ProcessTree.parsePpid("garbage"));
    }

    @Test
    void shouldFollowGrandchildrenListedBeforeTheirParentsAndIgnoreOthers() throws Exception {
        stat(100, 1, 50);   // the command
        stat(102, 101, 60); // grandchild, listed first
        stat(101, 100, 55); // child
        stat(200, 1, 70);   // unrelated
        stat(90, 100, 10);  // pid whose start predates the command: a reused pid, not a child
        ProcessTree t = new ProcessTree(tmp, 100);
        List<ProcessEnergy> ps = List.of(p(102, 60), p(200, 70), p(101, 55), p(100, 50), p(90, 10));
        t.update(ps);
        assertEquals(3, t.size());
        assertTrue(t.contains(p(102, 60)));
        assertFalse(t.contains(p(200, 70)));
        assertFalse(t.contains(p(90, 10)));
    }

    private void stat(int pid, int ppid, long start) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(Integer.toString(pid)));
        Files.writeString(d.resolve("stat"), pid + " (p" + pid + ") S " + ppid + " 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
                + start + " 0 0\n");
    }

    private static ProcessEnergy p(int pid, long start) {
        return new ProcessEnergy(pid, start, "p", Workload.HOST, 0, ZoneJoules.of(new double[0]), Duration.ofMillis(0), Double.NaN, false);
    }
}
