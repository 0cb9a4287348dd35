package io.github.energy4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReapedCpuTest {

    @TempDir
    Path tmp;

    /** A JVM's stat line as the kernel writes it: utime 80, stime 12, cutime 41, cstime 9. */
    private static final String STAT = "4242 (java) S 4100 4242 4100 34816 4242 4194560 19391 1873 0 0 80 12 41 9 20 0"
            + " 23 0 70011 3930603520 40178 18446744073709551615 94214 94215 140727 0 0 0 0 16781312 16386 0 0 0 17 1"
            + " 0 0 0 0 0 94216 94217 94218 140728 140729 140729 140730 0\n";

    @Test
    void shouldAddCutimeAndCstime() {
        assertEquals(50, parse(STAT));
    }

    @Test
    void shouldFindTheFieldsAfterACommandNameWithSpacesAndParentheses() {
        assertEquals(50, parse(STAT.replace("(java)", "(a) b (c) 1 2 3)")));
    }

    @Test
    void shouldRefuseLinesThatEndBeforeCstimeOrHoldNoNumberThere() {
        assertEquals(-1, parse(STAT.substring(0, STAT.indexOf(" 41 9 ") + 4)));
        assertEquals(-1, parse(STAT.replace(" 41 9 ", " 41 -9 ")));
        assertEquals(-1, parse(STAT.replace(" 41 9 ", " 4x1 9 ")));
        assertEquals(-1, parse("garbage"));
        assertEquals(-1, parse(""));
    }

    @Test
    void shouldReadAFileAndSayMinusOneWhenItIsMissing() {
        Path stat = tmp.resolve("stat");
        FakeProcfs.write(stat, STAT);
        assertEquals(50, new ReapedCpu(stat).ticks());
        assertEquals(-1, new ReapedCpu(tmp.resolve("none")).ticks());
        assertTrue(new ReapedCpu(Path.of("/proc/self/stat")).ticks() >= 0, "this JVM's own stat");
    }

    private static long parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return ReapedCpu.parse(b, b.length);
    }
}
