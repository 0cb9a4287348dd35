package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.energy4j.internal.io.Ascii;
import io.github.energy4j.internal.io.KernelFile;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what the RAPL sources read: powercap {@code energy_uj} text, {@code /proc/cpuinfo} and MSR
 * register images. Replays {@code RaplParsersFuzzTestInputs/} unless {@code JAZZER_FUZZ=1}
 * (see docs/RELIABILITY.md).
 */
class RaplParsersFuzzTest {

    /** A counter is INVALID or exactly the unsigned decimal the text holds (the JDK's parser is the oracle). */
    @FuzzTest(maxDuration = "60s")
    void powercapValue(byte[] data) {
        int len = Math.min(data.length, 32); // the source reads at most 32 bytes
        long v = Ascii.parseWhole(data, len);
        if (v == Ascii.INVALID) {
            return;
        }
        assertTrue(v >= 0);
        String text = new String(data, 0, len, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
        assertEquals(Long.parseLong(text), v, "'" + text + "'");
    }

    @FuzzTest(maxDuration = "60s")
    void cpuinfo(byte[] data) {
        CpuInfo cpu = CpuInfo.parse(new String(data, StandardCharsets.UTF_8));
        assertNotNull(cpu.vendor());
        MsrDecoder.supported(cpu); // must not throw for any vendor, family or model
    }

    /** Register images decode to a positive unit and a 32-bit counter whatever their reserved bits hold. */
    @FuzzTest(maxDuration = "60s")
    void msrRegisters(byte[] data) {
        if (data.length < 16) {
            return;
        }
        long unitRegister = MsrDecoder.littleEndian(data, 0);
        long status = MsrDecoder.littleEndian(data, 8);
        double unit = MsrDecoder.energyUnitJoules(unitRegister);
        assertTrue(unit > 0 && unit <= 1, "unit " + unit);
        assertTrue(MsrDecoder.powerUnitWatts(unitRegister) > 0);
        long counter = MsrDecoder.energyCounter(status);
        assertTrue(counter >= 0 && counter < MsrDecoder.COUNTER_MODULUS);
    }
}
