package io.github.energy4j.procfs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the parsers of {@code /proc/[pid]/stat} and {@code /proc/stat}: whatever the bytes, they
 * return false or a sane result and never throw. Replays the checked-in corpus
 * ({@code ProcfsParsersFuzzTestInputs/}) unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class ProcfsParsersFuzzTest {

    private final PidStat stat = new PidStat();
    private final CpuTimes cpu = new CpuTimes();

    @FuzzTest(maxDuration = "60s")
    void pidStat(byte[] data) {
        if (PidStatParser.parse(data, data.length, stat)) {
            assertTrue(stat.pid >= 0, "pid");
            assertTrue(stat.commFrom >= 1 && stat.commFrom <= stat.commTo && stat.commTo <= data.length, "comm range");
            assertTrue(stat.utime >= 0 && stat.stime >= 0 && stat.startTime >= 0, "fields are unsigned");
            // attribution adds utime and stime; a sum that wraps negative would attribute negative energy
            assertTrue(stat.cpuTicks() >= 0, "cpu ticks must not overflow");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void procStat(byte[] data) {
        if (ProcStatParser.parse(data, data.length, cpu)) {
            assertTrue(cpu.user >= 0 && cpu.nice >= 0 && cpu.system >= 0 && cpu.idle >= 0, "fields are unsigned");
            assertTrue(cpu.busyTicks() >= 0 && cpu.idleTicks() >= 0, "sums must not overflow");
            assertTrue(cpu.cpuCount >= 0);
            assertTrue(cpu.forks >= -1);
        }
    }
}
