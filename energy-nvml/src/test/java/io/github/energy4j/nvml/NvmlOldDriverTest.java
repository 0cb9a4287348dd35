package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.source.NvmlPowerSource;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that lacks whole NVML symbols (not an error code: the functions are not in the library),
 * loaded through the real JNA path: each missing function switches off its metric and the source
 * still works.
 */
class NvmlOldDriverTest {

    private static final String PASCAL = """
            count=1
            0.name=Stub P100
            0.power=125000
            0.limit=250000
            0.util.gpu=40
            0.mem.total=17179869184
            0.mem.used=2147483648
            0.clock.sm=1328
            0.procs=4100:1048576,4200:2097152
            """;

    @TempDir
    Path tmp;

    @Test
    void shouldFallBackPerMetricWhenTheDriverLacksTheSymbols() throws Exception {
        SourceContext ctx = NvmlStub.oldDriverContext(tmp.resolve("old"), PASCAL);
        NvmlPowerSourceProvider provider = new NvmlPowerSourceProvider();
        Probe probe = provider.probe(ctx);
        assertTrue(probe.available(), probe.reason());
        try (NvmlPowerSource source = (NvmlPowerSource) provider.open(ctx)) {
            GpuDevice d = source.devices().get(0);
            assertFalse(d.energyCounter(), "no nvmlDeviceGetTotalEnergyConsumption symbol");
            assertEquals("unknown", d.architecture(), "no nvmlDeviceGetArchitecture symbol");
            assertFalse(d.migEnabled(), "no nvmlDeviceGetMigMode symbol");
            assertEquals(Zone.Kind.POWER_GAUGE, source.zones().get(0).kind());
            assertEquals(250.0, source.zones().get(0).maxWatts(), 1e-9);
            long[] v = new long[1];
            assertEquals(1, source.read(v));
            assertEquals(125_000_000L, v[0], "125 W as microwatts");
            int[] pids = new int[4];
            double[] w = new double[4];
            // no per-process utilisation symbol and no _v3: equal split over the _v2 process list
            assertEquals(2, source.readActivity(0, pids, w));
            assertArrayEquals(new int[] {4100, 4200}, new int[] {pids[0], pids[1]});
            assertArrayEquals(new double[] {1, 1}, new double[] {w[0], w[1]});
            assertEquals("", source.lastError(), "a missing function is not an error");
        }
    }

    @Test
    void shouldAnalyseAGpuWhoseDriverLacksTheSymbols() throws Exception {
        NvmlStub.oldDriverContext(tmp.resolve("old-gpus"), PASCAL);
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(GpuAnalysisConfig.defaults());
        try (GpuSampler sampler = GpuSampler.open(NvmlStub.oldDriverLibrary().toString(), analyzer)) {
            sampler.sample(1_000_000_000L);
            sampler.sample(2_000_000_000L);
            assertEquals(2, sampler.processes().size());
            assertEquals(0.0, sampler.processes().get(0).smPercent(), "no per-process samples: 0, not invented");
        }
        GpuUsageReport r = analyzer.report(0);
        assertEquals(40, r.utilization().mean(), 1e-9);
        assertEquals(125, r.power().mean(), 1e-9);
        assertEquals(2, r.maxProcesses());
        assertEquals("active", r.status().tag());
    }
}
