package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PidStatParserTest {

    private static PidStat parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        PidStat s = new PidStat();
        assertTrue(PidStatParser.parse(b, b.length, s), line);
        return s;
    }

    private static String comm(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        PidStat s = new PidStat();
        assertTrue(PidStatParser.parse(b, b.length, s));
        return new String(b, s.commFrom, s.commTo - s.commFrom, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadUtimeStimeAndStartTimeOfARealLine() {
        // a line as printed by a 6.1 kernel for a bash process
        String line = "4242 (bash) S 4241 4242 4242 34816 4300 4194304 2735 14503 0 1 7 3 12 5 20 0 1 0 "
                + "181399 10039296 1316 18446744073709551615 94837 94838 140729 0 0 0 65536 3670020 1266777851 1 0 0 "
                + "17 0 0 0 0 0 0 94839 94840 94841 140730 140731 140732 140733 0\n";
        PidStat s = parse(line);
        assertEquals(4242, s.pid);
        assertEquals('S', s.state);
        assertEquals(7, s.utime);
        assertEquals(3, s.stime);
        assertEquals(10, s.cpuTicks());
        assertEquals(181399, s.startTime);
        assertEquals(1, s.threads);
        assertEquals("bash", comm(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my prog", "a) b", ") (", "((x))", "evil) S 1 2 3", "new\nline", "", "tab\there", "émoji✓"})
    void shouldCountFieldsFromTheLastParenthesisWhateverTheComm(String comm) {
        String line = FakeProcfs.pidStatLine(77, comm, 'R', 1234, 56, 987654);
        PidStat s = parse(line);
        assertEquals(77, s.pid);
        assertEquals('R', s.state);
        assertEquals(1234, s.utime);
        assertEquals(56, s.stime);
        assertEquals(987654, s.startTime);
        assertEquals(comm, comm(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "12 (x", "12 (x) S 1 2 3", "(x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
            "12 (x) S 1 2 3 4 5 6 7 8 9 10 abc 12 13 14 15 16 17 18 19 20 21"})
    void shouldRejectTruncatedOrGarbageLines(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertFalse(PidStatParser.parse(b, b.length, new PidStat()));
    }
}
