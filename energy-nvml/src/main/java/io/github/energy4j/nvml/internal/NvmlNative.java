package io.github.energy4j.nvml.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the NVML functions energy-nvml uses. Direct mapping (static natives) keeps
 * the per-sample calls free of proxies, argument arrays and boxing; every out-parameter is a
 * {@link Pointer} into a {@link com.sun.jna.Memory} buffer the caller reuses.
 *
 * <p>Functions are grouped into small holder classes and registered one group at a time, because
 * JNA refuses to register a class when one of its symbols is missing: a driver without, say,
 * {@code nvmlDeviceGetComputeRunningProcesses_v3} loses that one group ({@code FUNCTION_NOT_FOUND}
 * for that metric) and keeps the rest.
 *
 * <p>Static natives bind one library per JVM. {@link #bind(String)} binds on first use and
 * re-binds to another path only while nothing holds the current one.
 */
public final class NvmlNative {

    private NvmlNative() {
    }

    /** Functions present in every NVML that has {@code nvmlInit_v2} (R285+). */
    public static final class Core {
        private Core() {
        }

        public static native int nvmlInit_v2();

        public static native int nvmlShutdown();

        public static native String nvmlErrorString(int result);

        public static native int nvmlDeviceGetCount_v2(Pointer count);

        public static native int nvmlDeviceGetHandleByIndex_v2(int index, Pointer device);

        public static native int nvmlDeviceGetName(Pointer device, Pointer name, int length);

        public static native int nvmlDeviceGetUUID(Pointer device, Pointer uuid, int length);

        public static native int nvmlDeviceGetPowerUsage(Pointer device, Pointer milliwatts);

        public static native int nvmlDeviceGetEnforcedPowerLimit(Pointer device, Pointer milliwatts);

        /** Fills an {@code nvmlUtilization_t}: {@code unsigned int gpu, memory} (8 bytes). */
        public static native int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

        /** Fills an {@code nvmlMemory_t}: {@code unsigned long long total, free, used} (24 bytes). */
        public static native int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);

        public static native int nvmlDeviceGetClockInfo(Pointer device, int clockType, Pointer mhz);

        public static native int nvmlDeviceGetTemperature(Pointer device, int sensor, Pointer celsius);
    }

    /** Total energy since driver load, millijoules (Volta and newer; older GPUs answer NOT_SUPPORTED). */
    public static final class Energy {
        private Energy() {
        }

        public static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, Pointer millijoules);
    }

    public static final class Architecture {
        private Architecture() {
        }

        public static native int nvmlDeviceGetArchitecture(Pointer device, Pointer arch);
    }

    public static final class Mig {
        private Mig() {
        }

        public static native int nvmlDeviceGetMigMode(Pointer device, Pointer currentMode, Pointer pendingMode);
    }

    /** Fills {@code nvmlProcessUtilizationSample_t[]} (32 bytes each) newer than {@code lastSeenTimeStamp} (µs). */
    public static final class ProcessUtilization {
        private ProcessUtilization() {
        }

        public static native int nvmlDeviceGetProcessUtilization(Pointer device, Pointer samples, Pointer count,
                                                                 long lastSeenTimeStamp);
    }

    /**
     * Fills {@code nvmlProcessInfo_t[]}: 24 bytes each in the NVML 11.x/12.x headers, but the R530 and
     * early R535 drivers write the 32-byte struct with {@code usedGpuCcProtectedMemory} through this
     * same symbol, and some write the 16-byte v1 struct; {@link NvmlLibrary} sizes its buffer for the
     * largest and detects the stride the driver used.
     */
    public static final class ProcessesV3 {
        private ProcessesV3() {
        }

        public static native int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, Pointer count, Pointer infos);
    }

    /** Fills {@code nvmlProcessInfo_v2_t[]} (24 bytes each). */
    public static final class ProcessesV2 {
        private ProcessesV2() {
        }

        public static native int nvmlDeviceGetComputeRunningProcesses_v2(Pointer device, Pointer count, Pointer infos);
    }

    /** Sizes and offsets from nvml.h. */
    public static final int UTILIZATION_SIZE = 8;
    public static final int MEMORY_SIZE = 24;
    public static final int MEMORY_USED_OFFSET = 16;
    public static final int PROCESS_UTILIZATION_SAMPLE_SIZE = 32;
    public static final int PROCESS_UTILIZATION_TIMESTAMP_OFFSET = 8;
    public static final int PROCESS_UTILIZATION_SM_OFFSET = 16;
    /** {@code nvmlProcessInfo_t} / {@code nvmlProcessInfo_v2_t}: pid, usedGpuMemory, gpuInstanceId, computeInstanceId. */
    public static final int PROCESS_INFO_SIZE = 24;
    /** {@code nvmlProcessInfo_v1_t}: pid, usedGpuMemory. */
    public static final int PROCESS_INFO_V1_SIZE = 16;
    /** The v3 struct of the R530 / early R535 headers, with {@code usedGpuCcProtectedMemory} at 24. */
    public static final int PROCESS_INFO_CC_SIZE = 32;
    /** pid is at 0 and usedGpuMemory at 8 in every layout. */
    public static final int PROCESS_INFO_MEMORY_OFFSET = 8;
    public static final int DEVICE_NAME_BUFFER_SIZE = 96;
    public static final int DEVICE_UUID_BUFFER_SIZE = 96;
    public static final int CLOCK_SM = 1;
    public static final int CLOCK_MEM = 2;
    public static final int TEMPERATURE_GPU = 0;

    /** Which function groups the bound library offers. */
    public record Symbols(boolean energy, boolean architecture, boolean mig, boolean processUtilization,
                          boolean processesV3, boolean processesV2) {
    }

    private static String boundPath;
    private static int holders;
    private static Symbols symbols;

    /** The library NVML is loaded from when {@code nvml.library} is not set. */
    public static String defaultLibrary() {
        return Platform.isWindows() ? "nvml" : "libnvidia-ml.so.1";
    }

    /**
     * Binds the natives to {@code path} and counts one holder; pair with {@link #release()}.
     *
     * @throws UnsatisfiedLinkError when the library cannot be loaded or lacks the core functions
     * @throws IllegalStateException when another library is bound and still held
     */
    public static synchronized Symbols bind(String path) {
        if (path.equals(boundPath)) {
            holders++;
            return symbols;
        }
        if (boundPath != null && holders > 0) {
            throw new IllegalStateException("NVML is already loaded from " + boundPath
                    + " in this JVM; one NVML library per process");
        }
        NativeLibrary lib = NativeLibrary.getInstance(path);
        if (boundPath != null) {
            unregisterAll();
            boundPath = null;
            symbols = null;
        }
        Native.register(Core.class, lib);
        boundPath = path;
        symbols = new Symbols(tryRegister(Energy.class, lib), tryRegister(Architecture.class, lib),
                tryRegister(Mig.class, lib), tryRegister(ProcessUtilization.class, lib),
                tryRegister(ProcessesV3.class, lib), tryRegister(ProcessesV2.class, lib));
        holders = 1;
        return symbols;
    }

    /** Drops one holder taken by {@link #bind(String)}; the natives stay bound for the next user. */
    public static synchronized void release() {
        if (holders > 0) {
            holders--;
        }
    }

    private static boolean tryRegister(Class<?> group, NativeLibrary lib) {
        try {
            Native.register(group, lib);
            return true;
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            return false;
        }
    }

    private static void unregisterAll() {
        for (Class<?> c : new Class<?>[] {Core.class, Energy.class, Architecture.class, Mig.class,
                ProcessUtilization.class, ProcessesV3.class, ProcessesV2.class}) {
            try {
                Native.unregister(c);
            } catch (RuntimeException | UnsatisfiedLinkError ignored) {
                // never registered
            }
        }
    }
}
