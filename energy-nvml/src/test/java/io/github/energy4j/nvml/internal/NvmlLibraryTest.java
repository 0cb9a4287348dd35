package io.github.energy4j.nvml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.nvml.NvmlStub;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every per-sample call of the binding through the real JNA path into the stand-in library, whose
 * structs follow nvml.h: each value comes back from its own field (nvmlUtilization_t gpu/memory,
 * nvmlMemory_t total/free/used, clock types, temperature sensor), and an error code is passed through.
 */
class NvmlLibraryTest {

    @TempDir
    Path tmp;

    @Test
    void shouldReadEveryMetricFromItsOwnFieldOfTheNvmlStructs() throws Exception {
        NvmlStub.context(tmp, """
                count=1
                0.energy.start=123456789012
                0.power=287654
                0.limit=700000
                0.util.gpu=93
                0.util.mem=41
                0.mem.total=85899345920
                0.mem.used=21474836480
                0.clock.sm=1980
                0.clock.mem=2619
                0.temp=67
                """);
        try (NvmlLibrary nvml = NvmlLibrary.open(NvmlStub.library().toString())) {
            assertEquals(NvmlReturn.SUCCESS, nvml.totalEnergy(0));
            assertEquals(123456789012L, nvml.longValue(), "64-bit millijoule counter");
            assertEquals(NvmlReturn.SUCCESS, nvml.powerUsage(0));
            assertEquals(287654, nvml.intValue());
            assertEquals(NvmlReturn.SUCCESS, nvml.powerLimit(0));
            assertEquals(700000, nvml.intValue());
            assertEquals(NvmlReturn.SUCCESS, nvml.utilization(0));
            assertEquals(93, nvml.intValue());
            assertEquals(41, nvml.memoryUtilization());
            assertEquals(NvmlReturn.SUCCESS, nvml.memory(0));
            assertEquals(85899345920L, nvml.longValue(), "total");
            assertEquals(21474836480L, nvml.memoryUsedBytes(), "used, not free");
            assertEquals(NvmlReturn.SUCCESS, nvml.clock(0, NvmlNative.CLOCK_SM));
            assertEquals(1980, nvml.intValue());
            assertEquals(NvmlReturn.SUCCESS, nvml.clock(0, NvmlNative.CLOCK_MEM));
            assertEquals(2619, nvml.intValue());
            assertEquals(NvmlReturn.SUCCESS, nvml.temperature(0));
            assertEquals(67, nvml.intValue());
            assertEquals(700.0, nvml.devices().get(0).powerLimitWatts(), 1e-9);
        }
    }

    @Test
    void shouldPassEachMetricsErrorCodeThroughAndAnswerUninitializedAfterClose() throws Exception {
        NvmlStub.context(tmp, "count=1\n0.util.rc=3\n0.mem.rc=4\n0.clock.rc=3\n0.temp.rc=15\n0.limit.rc=3\n");
        NvmlLibrary nvml = NvmlLibrary.open(NvmlStub.library().toString());
        try {
            assertEquals(NvmlReturn.NOT_SUPPORTED, nvml.utilization(0));
            assertEquals(NvmlReturn.NO_PERMISSION, nvml.memory(0));
            assertEquals(NvmlReturn.NOT_SUPPORTED, nvml.clock(0, NvmlNative.CLOCK_SM));
            assertEquals(NvmlReturn.GPU_IS_LOST, nvml.temperature(0));
            assertEquals(NvmlReturn.NOT_SUPPORTED, nvml.powerLimit(0));
            assertEquals(NvmlReturn.SUCCESS, nvml.totalEnergy(0), "the other metrics are unaffected");
        } finally {
            nvml.close();
        }
        assertEquals(NvmlReturn.UNINITIALIZED, nvml.totalEnergy(0));
        assertEquals(NvmlReturn.UNINITIALIZED, nvml.temperature(0));
        assertEquals(NvmlReturn.UNINITIALIZED, nvml.computeProcesses(0));
    }
}
