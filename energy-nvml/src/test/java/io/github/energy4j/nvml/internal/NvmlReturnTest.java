package io.github.energy4j.nvml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NvmlReturnTest {

    /** nvmlReturn_t of the current nvml.h: 0..30 and 999. */
    private static int[] allCodes() {
        int[] codes = new int[32];
        for (int i = 0; i <= 30; i++) {
            codes[i] = i;
        }
        codes[31] = NvmlReturn.UNKNOWN;
        return codes;
    }

    @Test
    void shouldNameEveryReturnCodeOfTheHeaderAndGiveEachErrorARemedy() {
        Set<String> names = new HashSet<>();
        for (int rc : allCodes()) {
            String name = NvmlReturn.name(rc);
            assertTrue(name.startsWith(rc == 0 ? "NVML_SUCCESS" : "NVML_ERROR_"), rc + " -> " + name);
            assertTrue(names.add(name), "duplicate name " + name);
            assertNotNull(NvmlReturn.reason(rc));
            if (rc != NvmlReturn.SUCCESS) {
                assertFalse(NvmlReturn.remedy(rc).isBlank(), "no remedy for " + name);
            }
        }
        assertEquals("NVML_ERROR_RESET_TYPE_NOT_SUPPORTED", NvmlReturn.name(30));
    }

    @Test
    void shouldNameAnUnknownFutureCodeByItsNumber() {
        assertEquals("NVML return code 31", NvmlReturn.name(31));
        assertFalse(NvmlReturn.remedy(31).isBlank());
        assertEquals(EnergySourceException.Reason.DEVICE_ERROR, NvmlReturn.reason(31));
    }

    @Test
    void shouldDegradeOnlyForCodesThatMeanTheMetricIsAbsent() {
        assertTrue(NvmlReturn.isUnsupported(NvmlReturn.NOT_SUPPORTED));
        assertTrue(NvmlReturn.isUnsupported(NvmlReturn.FUNCTION_NOT_FOUND));
        assertTrue(NvmlReturn.isUnsupported(NvmlReturn.DEPRECATED));
        assertFalse(NvmlReturn.isUnsupported(NvmlReturn.GPU_IS_LOST));
        assertFalse(NvmlReturn.isUnsupported(NvmlReturn.NO_PERMISSION));
        assertFalse(NvmlReturn.isUnsupported(NvmlReturn.UNKNOWN));
    }

    @Test
    void shouldDescribeTheCallTheCodeAndNvmlsOwnText() {
        assertEquals("nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED (Driver Not Loaded)",
                NvmlReturn.describe("nvmlInit_v2", NvmlReturn.DRIVER_NOT_LOADED, "Driver Not Loaded"));
        assertEquals("nvmlShutdown failed: NVML_ERROR_UNKNOWN", NvmlReturn.describe("nvmlShutdown", 999, null));
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, NvmlReturn.reason(NvmlReturn.NO_PERMISSION));
        assertEquals(EnergySourceException.Reason.LIBRARY_MISSING, NvmlReturn.reason(NvmlReturn.DRIVER_NOT_LOADED));
    }
}
