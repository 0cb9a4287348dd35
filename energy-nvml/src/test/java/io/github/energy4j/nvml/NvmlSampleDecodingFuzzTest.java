package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.energy4j.nvml.source.NvmlPowerSource;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the decoding of {@code nvmlProcessUtilizationSample_t} arrays as the driver fills them: the
 * stand-in library hands the fuzzer's bytes back verbatim through the real JNA path, and the
 * per-process weights must stay usable whatever they hold (unique pids, finite positive weights,
 * never more entries than the caller's arrays). Replays {@code NvmlSampleDecodingFuzzTestInputs/}
 * unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class NvmlSampleDecodingFuzzTest {

    private static SourceContext context;

    private static synchronized SourceContext context() throws Exception {
        if (context == null) {
            Path dir = Files.createTempDirectory("nvml-fuzz");
            context = NvmlStub.context(dir, NvmlStub.TWO_GPUS + "0.procs=7:1000\n");
        }
        return context;
    }

    @FuzzTest(maxDuration = "60s")
    void processUtilizationSamples(byte[] structs) throws Exception {
        SourceContext ctx = context();
        int[] pids = new int[8]; // small on purpose: more processes than room must be cut, not overflow
        double[] weights = new double[8];
        // a fresh source per input: its "newest sample seen" must not hide later inputs
        try (NvmlPowerSource source = (NvmlPowerSource) new NvmlPowerSourceProvider().open(ctx)) {
            NvmlStub.setRawSamples(0, structs);
            int n = source.readActivity(0, pids, weights);
            assertTrue(n >= -1 && n <= pids.length, "count " + n);
            for (int i = 0; i < n; i++) {
                assertTrue(Double.isFinite(weights[i]) && weights[i] > 0, "weight " + weights[i]);
                for (int j = 0; j < i; j++) {
                    assertTrue(pids[i] != pids[j], "pid listed twice: " + pids[i]);
                }
            }
        } finally {
            NvmlStub.setRawSamples(0, null);
        }
    }
}
