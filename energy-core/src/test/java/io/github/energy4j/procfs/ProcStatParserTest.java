package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcStatParserTest {

    private static final String REAL = "cpu  10132153 290696 3084719 46828483 16683 0 25195 175 12 3\n"
            + "cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0\n"
            + "cpu1 1335401 31478 478211 13418231 3406 0 1498 0 0 0\n"
            + "intr 199292311 0 1 2\n"
            + "ctxt 3427713939\n"
            + "btime 1700000000\n"
            + "processes 4213356\n"
            + "procs_running 2\n"
            + "procs_blocked 0\n";

    @Test
    void shouldParseTheAggregateLineAndForks() {
        byte[] b = REAL.getBytes(StandardCharsets.US_ASCII);
        CpuTimes t = new CpuTimes();
        assertTrue(ProcStatParser.parse(b, b.length, t));
        assertEquals(10132153, t.user);
        assertEquals(290696, t.nice);
        assertEquals(3084719, t.system);
        assertEquals(46828483, t.idle);
        assertEquals(16683, t.iowait);
        assertEquals(0, t.irq);
        assertEquals(25195, t.softirq);
        assertEquals(175, t.steal);
        assertEquals(4213356, t.forks);
        assertEquals(2, t.cpuCount);
        assertEquals(10132153L + 290696 + 3084719 + 25195 + 175, t.busyTicks());
    }

    @Test
    void shouldTreatMissingLateFieldsAsZeroOnOldKernels() {
        byte[] b = "cpu 10 20 30 40\nprocesses 9\n".getBytes(StandardCharsets.US_ASCII);
        CpuTimes t = new CpuTimes();
        assertTrue(ProcStatParser.parse(b, b.length, t));
        assertEquals(60, t.busyTicks());
        assertEquals(40, t.idleTicks());
        assertEquals(9, t.forks);
    }

    @Test
    void shouldFailWithoutAnAggregateCpuLine() {
        byte[] b = "cpu0 1 2 3 4\nintr 5\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(ProcStatParser.parse(b, b.length, new CpuTimes()));
        byte[] g = "cpu  x y z\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(ProcStatParser.parse(g, g.length, new CpuTimes()));
    }
}
