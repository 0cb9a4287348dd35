package io.github.energy4j.nvml.source;

import io.github.energy4j.nvml.GpuDevice;
import io.github.energy4j.nvml.internal.NvmlLibrary;
import io.github.energy4j.nvml.internal.NvmlNative;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA GPUs through NVML: one zone {@code gpu-<index>} per GPU, the cumulative millijoule counter
 * on Volta and newer, the milliwatt power gauge (reported in microwatts) on older GPUs.
 *
 * <p>Configuration ({@link SourceContext} keys):
 * <ul>
 *   <li>{@code nvml.library}: path or name of the NVML library (default {@code libnvidia-ml.so.1},
 *       {@code nvml.dll} on Windows)
 *   <li>{@code nvml.idleWatts}: idle power per GPU handed to the core as {@link Zone#idleWatts()}
 *       (default: none; the core's {@code min-observed} idle then learns only from intervals in which
 *       the GPU had no compute process, see {@link io.github.energy4j.spi.ProcessActivity})
 * </ul>
 * The environment variables {@code CUDA_VISIBLE_DEVICES} and {@code NVIDIA_VISIBLE_DEVICES} (read
 * through {@link SourceContext#env(String)}) decide which GPUs this process may use itself
 * ({@link #usableByThisProcess(String, String, List)}).
 */
public final class NvmlPowerSourceProvider implements PowerSourceProvider {

    /** Configuration key of the NVML library path. */
    public static final String LIBRARY_KEY = "nvml.library";
    /** Configuration key of the configured idle power per GPU, watts. */
    public static final String IDLE_WATTS_KEY = "nvml.idleWatts";

    @Override
    public String id() {
        return "nvml";
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.GPU;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "NVIDIA GPU energy counters (millijoules) or power (milliwatts) through NVML, per-process SM utilisation";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            double idle = idleWatts(context);
            try (NvmlLibrary nvml = NvmlLibrary.open(library(context))) {
                if (nvml.devices().isEmpty()) {
                    return Probe.unavailable("NVML is loaded but reports no GPU",
                            "check nvidia-smi -L; in Kubernetes request nvidia.com/gpu or set NVIDIA_VISIBLE_DEVICES");
                }
                return Probe.available(zones(nvml.devices(), idle));
            }
        } catch (EnergySourceException e) {
            return Probe.unavailable(e.getMessage(), e.remedy());
        } catch (RuntimeException | LinkageError e) {
            return Probe.unavailable("NVML probe failed: " + e, "check that libnvidia-ml.so.1 matches the installed driver");
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        double idle = idleWatts(context);
        NvmlLibrary nvml = NvmlLibrary.open(library(context));
        if (nvml.devices().isEmpty()) {
            nvml.close();
            throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED,
                    "NVML is loaded but reports no GPU", "check nvidia-smi -L");
        }
        List<GpuDevice> devices = nvml.devices();
        boolean[] usable = usableByThisProcess(context.env("NVIDIA_VISIBLE_DEVICES"),
                context.env("CUDA_VISIBLE_DEVICES"), devices);
        return new NvmlPowerSource(id(), nvml, zones(devices, idle), usable);
    }

    /**
     * Which of the GPUs NVML lists this process may run work on: those the container runtime handed it
     * ({@code NVIDIA_VISIBLE_DEVICES}: unset or {@code all} is every GPU; {@code none}, {@code void} or
     * empty is none; otherwise GPU UUIDs or indices) that its CUDA runtime also sees
     * ({@code CUDA_VISIBLE_DEVICES}, see {@link CudaVisibleDevices}). Inside a container NVML lists only
     * the GPUs it was given, renumbered from 0, so a list of host indices that names as many GPUs as
     * NVML lists means all of them.
     *
     * @param nvidiaVisible the value of {@code NVIDIA_VISIBLE_DEVICES}, null when unset
     * @param cudaVisible   the value of {@code CUDA_VISIBLE_DEVICES}, null when unset
     * @param devices       the GPUs in NVML index order
     * @return per NVML index, whether this process may use the GPU
     */
    public static boolean[] usableByThisProcess(String nvidiaVisible, String cudaVisible, List<GpuDevice> devices) {
        int n = devices.size();
        List<String> uuids = new ArrayList<>(n);
        for (GpuDevice d : devices) {
            uuids.add(d.uuid());
        }
        boolean[] runtime = new boolean[n];
        String nv = nvidiaVisible == null ? null : nvidiaVisible.trim();
        if (nv == null || nv.equalsIgnoreCase("all")) {
            java.util.Arrays.fill(runtime, true);
        } else if (!nv.isEmpty() && !nv.equalsIgnoreCase("none") && !nv.equalsIgnoreCase("void")) {
            String[] entries = nv.split(",", -1);
            boolean indices = true;
            for (String e : entries) {
                indices &= !e.trim().isEmpty() && e.trim().chars().allMatch(Character::isDigit);
            }
            if (indices && entries.length == n) {
                java.util.Arrays.fill(runtime, true);
            } else {
                for (int i : CudaVisibleDevices.toNvmlIndices(nv, uuids, java.util.Map.of())) {
                    runtime[i] = true;
                }
            }
        }
        boolean[] usable = new boolean[n];
        for (int i : CudaVisibleDevices.toNvmlIndices(cudaVisible, uuids, java.util.Map.of())) {
            usable[i] = runtime[i];
        }
        return usable;
    }

    /** The NVML library to load for {@code context}. */
    public static String library(SourceContext context) {
        return context.get(LIBRARY_KEY, NvmlNative.defaultLibrary());
    }

    private static double idleWatts(SourceContext context) throws EnergySourceException {
        String v = context.get(IDLE_WATTS_KEY, "");
        if (v.isEmpty()) {
            return Double.NaN;
        }
        try {
            double w = Double.parseDouble(v);
            if (w >= 0 && Double.isFinite(w)) {
                return w;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                IDLE_WATTS_KEY + " must be a number of watts >= 0, was '" + v + "'",
                "set " + IDLE_WATTS_KEY + " to the GPU's idle power in watts, or remove it to use the observed minimum");
    }

    static List<Zone> zones(List<GpuDevice> devices, double idleWatts) {
        List<Zone> zones = new ArrayList<>(devices.size());
        for (GpuDevice d : devices) {
            zones.add(d.energyCounter()
                    ? new Zone(d.zoneName(), d.index(), Zone.Domain.GPU, Zone.Kind.ENERGY_COUNTER, 1e-3, 0,
                            d.powerLimitWatts(), idleWatts, false, d.uuid())
                    : new Zone(d.zoneName(), d.index(), Zone.Domain.GPU, Zone.Kind.POWER_GAUGE, 1e-6, 0,
                            d.powerLimitWatts(), idleWatts, false, d.uuid()));
        }
        return List.copyOf(zones);
    }
}
