package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.source.NvmlPowerSource;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NvmlPowerSourceTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new NvmlPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) throws Exception {
        return NvmlStub.context(dir, NvmlStub.TWO_GPUS);
    }

    private NvmlPowerSource open(String scenario) throws Exception {
        return (NvmlPowerSource) provider().open(NvmlStub.context(tmp.resolve("s"), scenario));
    }

    @Test
    void shouldOfferMillijouleCounterZonePerGpuWhenTotalEnergyIsSupported() throws Exception {
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS)) {
            assertEquals(2, source.zones().size());
            Zone z = source.zones().get(1);
            assertEquals("gpu-1", z.name());
            assertEquals(1, z.index());
            assertEquals(Zone.Domain.GPU, z.domain());
            assertEquals(Zone.Kind.ENERGY_COUNTER, z.kind());
            assertEquals(1e-3, z.joulesPerUnit());
            assertEquals(0, z.wrapModulus());
            assertEquals(300.0, z.maxWatts(), 1e-9);
            assertEquals("GPU-bbbbbbbb-1111-2222-3333-444444444444", z.device());
            assertTrue(Double.isNaN(z.idleWatts()));
            assertEquals("ampere", source.devices().get(0).architecture());
        }
    }

    @Test
    void shouldReportRawCounterValuesThatAdvanceByTheDriverDelta() throws Exception {
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS)) {
            long[] a = new long[2];
            long[] b = new long[2];
            assertEquals(2, source.read(a));
            assertEquals(2, source.read(b));
            assertEquals(250, b[0] - a[0]);
            assertEquals(1000, b[1] - a[1]);
            // the scenario's start values plus one step each: open read every counter once
            assertArrayEquals(new long[] {1000 + 250, 5_000_000 + 1000}, a, "raw counter, not a delta");
            assertEquals("", source.lastError());
        }
    }

    @Test
    void shouldFallBackToMicrowattGaugeWhenTotalEnergyIsNotSupported() throws Exception {
        try (NvmlPowerSource source = open("count=1\n0.energy.rc=3\n0.power=75250\n0.limit=250000\n")) {
            Zone z = source.zones().get(0);
            assertEquals(Zone.Kind.POWER_GAUGE, z.kind());
            assertFalse(source.devices().get(0).energyCounter());
            long[] v = new long[1];
            assertEquals(1, source.read(v));
            assertEquals(75_250_000L, v[0]);
        }
    }

    @Test
    void shouldFallBackToGaugeWhenEnergyFunctionIsNotFound() throws Exception {
        try (NvmlPowerSource source = open("count=1\n0.energy.rc=13\n0.power=40000\n")) {
            assertEquals(Zone.Kind.POWER_GAUGE, source.zones().get(0).kind());
            long[] v = new long[1];
            source.read(v);
            assertEquals(40_000_000L, v[0]);
        }
    }

    @Test
    void shouldLeaveMaxWattsUnknownWhenPowerLimitIsNotSupported() throws Exception {
        try (NvmlPowerSource source = open("count=1\n0.energy.step=5\n0.limit.rc=3\n")) {
            assertTrue(Double.isNaN(source.zones().get(0).maxWatts()));
            long[] v = new long[1];
            source.read(v);
            assertTrue(v[0] != PowerSource.UNAVAILABLE);
        }
    }

    @Test
    void shouldMarkLostGpuUnavailableWithReasonAndKeepTheOthers() throws Exception {
        // Reads of gpu-1: 1 at open (support check), 2 and 3 below succeed, the 4th finds it lost.
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS + "1.lost_after=3\n")) {
            long[] v = new long[2];
            source.read(v);
            source.read(v);
            long gpu0Before = v[0];
            assertEquals(2, source.read(v));
            assertEquals(PowerSource.UNAVAILABLE, v[1]);
            assertEquals(gpu0Before + 250, v[0]);
            String error = source.lastError();
            assertTrue(error.contains("gpu-1") && error.contains("NVML_ERROR_GPU_IS_LOST"), error);
            assertTrue(error.contains("dmesg"), "remedy: " + error);
            assertEquals(2, Assertions.assertDoesNotThrow(() -> source.read(v)));
            assertEquals(PowerSource.UNAVAILABLE, v[1]);
            assertEquals(2, source.errorCount());
        }
    }

    @Test
    void shouldWeightProcessesBySmUtilisationOfNewSamplesOnly() throws Exception {
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS + "0.procutil=100:60,200:20\n0.procs=100:1000,200:1000\n")) {
            long[] v = new long[2];
            int[] pids = new int[8];
            double[] w = new double[8];
            source.read(v);
            source.readActivity(0, pids, w); // first call: the driver's history since open
            source.read(v);
            int n = source.readActivity(0, pids, w);
            assertEquals(2, n);
            assertArrayEquals(new int[] {100, 200}, new int[] {pids[0], pids[1]});
            assertEquals(60.0, w[0], 1e-9);
            assertEquals(20.0, w[1], 1e-9);
            source.read(v);
            source.read(v);
            n = source.readActivity(0, pids, w);
            assertEquals(2, n);
            assertEquals(120.0, w[0], 1e-9, "two new samples accumulate");
            assertEquals(40.0, w[1], 1e-9);
        }
    }

    @Test
    void shouldSplitEquallyAcrossComputeProcessesWhenPerProcessUtilisationIsUnsupported() throws Exception {
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS
                + "1.procutil.rc=3\n1.procs=11:1073741824,22:2147483648,33:1024\n")) {
            long[] v = new long[2];
            int[] pids = new int[8];
            double[] w = new double[8];
            source.read(v);
            assertEquals(3, source.readActivity(1, pids, w));
            assertArrayEquals(new int[] {11, 22, 33}, new int[] {pids[0], pids[1], pids[2]});
            assertArrayEquals(new double[] {1, 1, 1}, new double[] {w[0], w[1], w[2]});
        }
    }

    @Test
    void shouldListProcessesThroughV2WhenV3IsNotFound() throws Exception {
        try (NvmlPowerSource source = open("count=1\n0.energy.step=1\n0.procutil.rc=13\n0.procs.v3.rc=13\n0.procs=77:10\n")) {
            int[] pids = new int[4];
            double[] w = new double[4];
            assertEquals(1, source.readActivity(0, pids, w));
            assertEquals(77, pids[0]);
        }
    }

    @Test
    void shouldReturnNoEntriesWhenNoProcessUsesTheGpu() throws Exception {
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS)) {
            long[] v = new long[2];
            source.read(v);
            assertEquals(0, source.readActivity(0, new int[4], new double[4]));
        }
    }

    @Test
    void shouldReportUnknownSplitWhenNeitherUtilisationNorProcessesAreSupported() throws Exception {
        try (NvmlPowerSource source = open("count=1\n0.energy.step=1\n0.procutil.rc=3\n0.procs.rc=3\n")) {
            assertTrue(source.readActivity(0, new int[4], new double[4]) < 0);
        }
    }

    @Test
    void shouldInitialiseOnceOnOpenAndShutDownOnceOnClose() throws Exception {
        SourceContext ctx = NvmlStub.context(tmp.resolve("life"), NvmlStub.TWO_GPUS);
        int inits = NvmlStub.initCalls();
        int shutdowns = NvmlStub.shutdownCalls();
        PowerSource source = provider().open(ctx);
        assertEquals(inits + 1, NvmlStub.initCalls());
        source.read(new long[2]);
        source.read(new long[2]);
        assertEquals(inits + 1, NvmlStub.initCalls());
        source.close();
        source.close();
        assertEquals(shutdowns + 1, NvmlStub.shutdownCalls());
        assertEquals(PowerSource.READ_FAILED, source.read(new long[2]));
    }

    @Test
    void shouldProbeUnavailableWithLibraryNameAndRemedyWhenNvmlIsMissing() {
        SourceContext ctx = SourceContext.of(tmp.resolve("proc"), tmp.resolve("sys"))
                .with(NvmlPowerSourceProvider.LIBRARY_KEY, tmp.resolve("no-such-libnvidia-ml.so.1").toString());
        Probe probe = provider().probe(ctx);
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("no-such-libnvidia-ml.so.1") && probe.reason().contains("could not be loaded"),
                probe.reason());
        assertTrue(probe.remedy().contains("NVIDIA driver"), probe.remedy());
        EnergySourceException e = Assertions.assertThrows(EnergySourceException.class, () -> provider().open(ctx));
        assertEquals(EnergySourceException.Reason.LIBRARY_MISSING, e.reason());
    }

    @Test
    void shouldProbeUnavailableWhenDriverIsNotLoaded() throws Exception {
        Probe probe = provider().probe(NvmlStub.context(tmp.resolve("nodriver"), "init.rc=9\n"));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("nvmlInit_v2") && probe.reason().contains("DRIVER_NOT_LOADED"), probe.reason());
        assertTrue(probe.remedy().contains("nvidia-smi"), probe.remedy());
    }

    @Test
    void shouldProbeUnavailableWhenNoGpuIsPresent() throws Exception {
        Probe probe = provider().probe(NvmlStub.context(tmp.resolve("nogpu"), "count=0\n"));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("no GPU"), probe.reason());
    }

    @Test
    void shouldReportMigModeAndConfiguredIdleWatts() throws Exception {
        SourceContext ctx = NvmlStub.context(tmp.resolve("mig"), "count=1\n0.mig=1\n0.energy.step=1\n")
                .with(NvmlPowerSourceProvider.IDLE_WATTS_KEY, "61.5");
        try (NvmlPowerSource source = (NvmlPowerSource) provider().open(ctx)) {
            assertTrue(source.devices().get(0).migEnabled());
            assertEquals(61.5, source.zones().get(0).idleWatts(), 1e-9);
        }
    }

    @Test
    void shouldRejectNegativeIdleWattsNamingTheSetting() throws Exception {
        SourceContext ctx = NvmlStub.context(tmp.resolve("bad"), NvmlStub.TWO_GPUS)
                .with(NvmlPowerSourceProvider.IDLE_WATTS_KEY, "-3");
        Probe probe = provider().probe(ctx);
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("nvml.idleWatts"), probe.reason());
    }

    @Test
    void shouldNotAllocateOnTheHotPathAfterWarmUp() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS + "0.procutil=100:60,200:20\n")) {
            long[] v = new long[2];
            int[] pids = new int[8];
            double[] w = new double[8];
            for (int i = 0; i < 20_000; i++) {
                source.read(v);
                source.readActivity(0, pids, w);
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                source.read(v);
                source.readActivity(0, pids, w);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 10_000, "allocated " + allocated + " bytes in 10k samples");
        }
    }

    /**
     * The same _v3 symbol writes 24-byte entries (the header), 32-byte ones (R530 / early R535, with
     * usedGpuCcProtectedMemory) or 16-byte v1 ones depending on the driver; "24c" is a driver that
     * zeroes the caller's whole buffer first.
     */
    @ParameterizedTest
    @ValueSource(strings = {"24", "32", "16", "24c"})
    void shouldReadEveryProcessWhateverEntrySizeTheDriverWrites(String layout) throws Exception {
        String stride = layout.replace("c", "");
        String scenario = "count=1\n0.energy.step=1\n0.procutil.rc=3\n"
                + "0.procs=11:1073741824,22:2147483648,33:1024\n0.procs.stride=" + stride + "\n"
                + (layout.endsWith("c") ? "0.procs.clear=1\n" : "");
        try (NvmlPowerSource source = open(scenario)) {
            int[] pids = new int[8];
            double[] w = new double[8];
            assertEquals(3, source.readActivity(0, pids, w));
            assertArrayEquals(new int[] {11, 22, 33}, new int[] {pids[0], pids[1], pids[2]});
        }
        NvmlStub.context(tmp.resolve("sampler-" + layout), scenario);
        try (GpuSampler sampler = GpuSampler.open(NvmlStub.library().toString(),
                new GpuUsageAnalyzer(GpuAnalysisConfig.defaults()))) {
            sampler.sample(System.nanoTime());
            List<GpuUsageReport.ProcessUsage> procs = sampler.processes();
            assertEquals(3, procs.size(), procs.toString());
            assertEquals(11, procs.get(0).pid());
            assertEquals(1073741824L, procs.get(0).memoryBytes());
            assertEquals(22, procs.get(1).pid());
            assertEquals(2147483648L, procs.get(1).memoryBytes());
            assertEquals(33, procs.get(2).pid());
            assertEquals(1024L, procs.get(2).memoryBytes());
        }
    }

    @Test
    void shouldNotAllocateOrRebuildTheErrorWhenActivityFailsTheSameWayEverySample() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // per-process utilisation answers UNKNOWN every time; the process list (equal split) still works
        try (NvmlPowerSource source = open(NvmlStub.TWO_GPUS + "0.procutil.rc=999\n0.procs=100:1000,200:1000\n")) {
            long[] v = new long[2];
            int[] pids = new int[8];
            double[] w = new double[8];
            for (int i = 0; i < 20_000; i++) {
                source.read(v);
                assertEquals(2, source.readActivity(0, pids, w));
            }
            String error = source.lastError();
            assertTrue(error.contains("gpu-0") && error.contains("nvmlDeviceGetProcessUtilization")
                    && error.contains("NVML_ERROR_UNKNOWN"), error);
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                source.read(v);
                source.readActivity(0, pids, w);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 10_000, "allocated " + allocated + " bytes in 10k samples");
            assertEquals(30_000, source.errorCount(), "every failed call is counted");
            assertArrayEquals(new int[] {100, 200}, new int[] {pids[0], pids[1]});
        }
    }

    @Test
    void shouldMeterTheOtherGpusWhenOneRefusesItsHandleAtOpen() throws Exception {
        String scenario = NvmlStub.TWO_GPUS.replace("count=2", "count=3") + """
                1.handle.rc=15
                2.uuid=GPU-cccccccc-1111-2222-3333-444444444444
                2.energy.step=7
                2.procutil.rc=3
                2.procs=909:1024
                """;
        try (NvmlPowerSource source = open(scenario)) {
            assertEquals(2, source.zones().size());
            assertEquals("gpu-0", source.zones().get(0).name());
            assertEquals("gpu-2", source.zones().get(1).name(), "zones keep the NVML index");
            assertEquals(2, source.zones().get(1).index());
            assertEquals("GPU-cccccccc-1111-2222-3333-444444444444", source.zones().get(1).device());
            long[] a = new long[2];
            long[] b = new long[2];
            source.read(a);
            source.read(b);
            assertEquals(250, b[0] - a[0]);
            assertEquals(7, b[1] - a[1], "the second zone reads GPU 2, not the refused GPU 1");
            int[] pids = new int[4];
            assertEquals(1, source.readActivity(1, pids, new double[4]));
            assertEquals(909, pids[0]);
        }
    }

    @Test
    void shouldProbeUnavailableWithTheReasonWhenEveryGpuRefusesItsHandle() throws Exception {
        Probe probe = provider().probe(NvmlStub.context(tmp.resolve("alllost"), "count=2\n0.handle.rc=15\n1.handle.rc=4\n"));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("nvmlDeviceGetHandleByIndex_v2(0)") && probe.reason().contains("GPU_IS_LOST"),
                probe.reason());
        assertTrue(probe.remedy().contains("dmesg"), probe.remedy());
    }
}
