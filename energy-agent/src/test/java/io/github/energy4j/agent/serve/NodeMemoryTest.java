package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMemoryTest {

    private static double parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return NodeMemory.parse(b, b.length);
    }

    @Test
    void shouldUseMemAvailableOfARealMeminfo(@TempDir Path proc) throws Exception {
        Files.copy(Path.of(getClass().getResource("/fixtures/meminfo/linux-6.1").toURI()), proc.resolve("meminfo"));
        assertEquals(1 - 23004160.0 / 32863084.0, new NodeMemory(proc).usageRatio(), 1e-12);
    }

    @Test
    void shouldFallBackToFreeBuffersAndCachedOnKernelsWithoutMemAvailable() {
        // Linux < 3.14 lacks MemAvailable
        assertEquals(1 - (100 + 50 + 250) / 1000.0, parse("MemTotal:     1000 kB\nMemFree:       100 kB\n"
                + "Buffers:        50 kB\nCached:        250 kB\nSwapCached:     7 kB\n"), 1e-12);
    }

    @Test
    void shouldAnswerNaNForMissingOrBrokenFiles(@TempDir Path proc) {
        assertTrue(Double.isNaN(new NodeMemory(proc).usageRatio()));
        assertTrue(Double.isNaN(parse("")));
        assertTrue(Double.isNaN(parse("MemFree: 5 kB\n")));
        assertTrue(Double.isNaN(parse("MemTotal: kB\nMemAvailable: 3 kB\n")));
        assertEquals(0.5, parse("MemTotal: 10 kB\nMemAvailable: 5 kB"), 0, "no final newline");
        assertEquals(1.0, parse("MemTotal: 10 kB\nMemAvailable: 0 kB\n"), 0);
        assertEquals(0.0, parse("MemTotal: 10 kB\nMemAvailable: 20 kB\n"), 0, "clamped");
    }
}
