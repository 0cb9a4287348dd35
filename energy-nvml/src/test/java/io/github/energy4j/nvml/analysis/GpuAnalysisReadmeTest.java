package io.github.energy4j.nvml.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.nvml.NvmlStub;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy-nvml README's usage analysis snippet, compiled and run against the stand-in NVML: it names only
 * types of the exported {@code nvml.analysis} package, so it keeps working for applications. Keep the two in sync.
 */
class GpuAnalysisReadmeTest {

    @TempDir
    Path tmp;

    @Test
    void shouldAnalyseEveryGpuAndAskTheRuleAdvisorWithTheExportedApiOnly() throws Exception {
        SourceContext context = NvmlStub.context(tmp, NvmlStub.TWO_GPUS);
        String library = NvmlStub.library().toString();
        List<GpuUsageReport> seen = new ArrayList<>();
        List<GpuAdvisor.Advice> answers = new ArrayList<>();
        // --- README snippet begins (the library path is the stub's) ---
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(GpuAnalysisConfig.builder().build());
        try (GpuSampler sampler = GpuSampler.open(library, analyzer)) {
            sampler.sample(System.nanoTime());                 // about once a second, on one thread
            for (GpuUsageReport r : analyzer.reports()) {
                GpuAdvisor.Advice advice = GpuAdvisor.firstAdvice(GpuAdvisor.loadAll(context), r, context);
                // --- README snippet ends ---
                seen.add(r);
                answers.add(advice);
            }
        }
        assertEquals(2, seen.size(), "one report per GPU of the scenario");
        for (int i = 0; i < 2; i++) {
            GpuUsageReport r = seen.get(i);
            assertEquals(i, r.gpu());
            assertEquals("Stub A100", r.name());
            assertEquals(1, r.samples(), "one sample was taken");
            // the chat advisor is off by default, so the always-on rules advisor answers with the analyser's verdict
            assertEquals("rules", answers.get(i).advisor());
            assertEquals(r.status().tag(), answers.get(i).status(), r.toString());
        }
    }
}
