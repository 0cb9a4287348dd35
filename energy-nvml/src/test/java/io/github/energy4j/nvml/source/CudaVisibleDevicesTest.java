package io.github.energy4j.nvml.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CudaVisibleDevicesTest {

    private static final List<String> UUIDS = List.of(
            "GPU-aaaa1111-0000-0000-0000-000000000000",
            "GPU-bbbb2222-0000-0000-0000-000000000000",
            "GPU-bbbb3333-0000-0000-0000-000000000000",
            "GPU-cccc4444-0000-0000-0000-000000000000");
    private static final Map<String, Integer> MIG = Map.of(
            "MIG-11112222-3333-4444-5555-666666666666", 3,
            "MIG-77778888-3333-4444-5555-666666666666", 1);

    private static int[] map(String v) {
        return CudaVisibleDevices.toNvmlIndices(v, UUIDS, MIG);
    }

    @Test
    void shouldSeeEveryGpuWhenUnsetAndNoneWhenEmpty() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, map(null));
        assertArrayEquals(new int[0], map(""));
    }

    @Test
    void shouldKeepCudaOrderOfIndices() {
        assertArrayEquals(new int[] {2, 0}, map("2,0"));
        assertArrayEquals(new int[] {3, 1}, map(" 3 , 1 "));
    }

    @Test
    void shouldStopAtFirstInvalidEntryLikeCuda() {
        assertArrayEquals(new int[] {1}, map("1,7,0"));
        assertArrayEquals(new int[] {0}, map("0,-1,2"));
        assertArrayEquals(new int[0], map("nope,1"));
    }

    @Test
    void shouldResolveGpuUuidsAndUniquePrefixes() {
        assertArrayEquals(new int[] {3, 0}, map("GPU-cccc4444-0000-0000-0000-000000000000,gpu-aaaa"));
        assertArrayEquals(new int[0], map("GPU-bbbb"), "ambiguous prefix names no GPU");
        assertArrayEquals(new int[] {2}, map("GPU-bbbb3"));
    }

    @Test
    void shouldMapMigInstancesToTheirParentGpu() {
        assertArrayEquals(new int[] {3, 1}, map("MIG-11112222-3333-4444-5555-666666666666,MIG-7777"));
        assertArrayEquals(new int[] {1}, map("MIG-GPU-bbbb2222-0000-0000-0000-000000000000/1/0"));
    }

    @Test
    void shouldDropDuplicateGpus() {
        assertArrayEquals(new int[] {1, 0}, map("1,GPU-bbbb2222,0,1"));
    }
}
