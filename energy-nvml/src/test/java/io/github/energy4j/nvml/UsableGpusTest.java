package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which GPUs this process may use, from NVIDIA_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES. */
class UsableGpusTest {

    private static final List<GpuDevice> THREE = List.of(gpu(0, "GPU-aaaa-1"), gpu(1, "GPU-bbbb-2"), gpu(2, "GPU-cccc-3"));

    private static GpuDevice gpu(int index, String uuid) {
        return new GpuDevice(index, "Stub", uuid, "Ampere", false, true, 300);
    }

    private static boolean[] usable(String nvidia, String cuda) {
        return NvmlPowerSourceProvider.usableByThisProcess(nvidia, cuda, THREE);
    }

    @Test
    void shouldUseEveryGpuWhenNeitherVariableIsSet() {
        assertArrayEquals(new boolean[] {true, true, true}, usable(null, null));
        assertArrayEquals(new boolean[] {true, true, true}, usable("all", null));
    }

    @Test
    void shouldUseNoGpuWhenTheRuntimeGaveNone() {
        assertArrayEquals(new boolean[3], usable("none", null));
        assertArrayEquals(new boolean[3], usable("void", null));
        assertArrayEquals(new boolean[3], usable("", null));
        assertArrayEquals(new boolean[3], usable(null, ""), "CUDA_VISIBLE_DEVICES empty hides every GPU");
    }

    @Test
    void shouldIntersectTheRuntimesUuidsWithCudasList() {
        assertArrayEquals(new boolean[] {false, true, true}, usable("GPU-bbbb-2,GPU-cccc-3", null));
        assertArrayEquals(new boolean[] {false, false, true}, usable("GPU-bbbb-2,GPU-cccc-3", "2"));
        assertArrayEquals(new boolean[] {true, false, false}, usable(null, "GPU-aaaa"));
    }

    @Test
    void shouldTakeHostIndicesNamingAsManyGpusAsNvmlListsAsAllOfThem() {
        // in a container given host GPUs 4, 5 and 7, NVML lists them as 0, 1 and 2
        assertArrayEquals(new boolean[] {true, true, true}, usable("4,5,7", null));
        // on the host (NVML lists more than named), indices are NVML's
        assertArrayEquals(new boolean[] {true, false, true}, usable("0,2", null));
    }
}
