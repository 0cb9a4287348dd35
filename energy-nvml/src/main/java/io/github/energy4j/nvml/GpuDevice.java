package io.github.energy4j.nvml;

import java.util.Objects;

/**
 * What NVML reports about one GPU when NVML is opened.
 *
 * @param index           NVML device index (the order of {@code nvidia-smi -L}, not CUDA's order)
 * @param name            product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param uuid            {@code GPU-...} identity, stable across reboots
 * @param architecture    {@code volta}, {@code ampere}, {@code hopper}, ... or {@code unknown}
 * @param migEnabled      whether MIG mode is on (per-instance energy is then not split; see README)
 * @param energyCounter   whether the GPU has the cumulative energy counter (Volta and newer)
 * @param powerLimitWatts enforced power limit in watts, {@code Double.NaN} when not reported
 */
public record GpuDevice(int index, String name, String uuid, String architecture, boolean migEnabled,
                        boolean energyCounter, double powerLimitWatts) {

    public GpuDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(architecture, "architecture");
    }

    /** The zone name used for this GPU: {@code gpu-<index>}. */
    public String zoneName() {
        return "gpu-" + index;
    }
}
