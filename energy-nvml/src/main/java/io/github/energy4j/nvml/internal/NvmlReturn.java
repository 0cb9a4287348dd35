package io.github.energy4j.nvml.internal;

import io.github.energy4j.spi.EnergySourceException;

/**
 * NVML return codes ({@code nvmlReturn_t}) with a message and an operator remedy for each. Cold
 * path only: used when a call failed, never per successful sample.
 */
public final class NvmlReturn {

    public static final int SUCCESS = 0;
    public static final int UNINITIALIZED = 1;
    public static final int INVALID_ARGUMENT = 2;
    public static final int NOT_SUPPORTED = 3;
    public static final int NO_PERMISSION = 4;
    public static final int ALREADY_INITIALIZED = 5;
    public static final int NOT_FOUND = 6;
    public static final int INSUFFICIENT_SIZE = 7;
    public static final int INSUFFICIENT_POWER = 8;
    public static final int DRIVER_NOT_LOADED = 9;
    public static final int TIMEOUT = 10;
    public static final int IRQ_ISSUE = 11;
    public static final int LIBRARY_NOT_FOUND = 12;
    public static final int FUNCTION_NOT_FOUND = 13;
    public static final int CORRUPTED_INFOROM = 14;
    public static final int GPU_IS_LOST = 15;
    public static final int RESET_REQUIRED = 16;
    public static final int OPERATING_SYSTEM = 17;
    public static final int LIB_RM_VERSION_MISMATCH = 18;
    public static final int IN_USE = 19;
    public static final int MEMORY = 20;
    public static final int NO_DATA = 21;
    public static final int VGPU_ECC_NOT_SUPPORTED = 22;
    public static final int INSUFFICIENT_RESOURCES = 23;
    public static final int FREQ_NOT_SUPPORTED = 24;
    public static final int ARGUMENT_VERSION_MISMATCH = 25;
    public static final int DEPRECATED = 26;
    public static final int NOT_READY = 27;
    public static final int GPU_NOT_FOUND = 28;
    public static final int INVALID_STATE = 29;
    public static final int RESET_TYPE_NOT_SUPPORTED = 30;
    public static final int UNKNOWN = 999;

    private NvmlReturn() {
    }

    /** The symbolic name, e.g. {@code NVML_ERROR_GPU_IS_LOST}. */
    public static String name(int rc) {
        return switch (rc) {
            case SUCCESS -> "NVML_SUCCESS";
            case UNINITIALIZED -> "NVML_ERROR_UNINITIALIZED";
            case INVALID_ARGUMENT -> "NVML_ERROR_INVALID_ARGUMENT";
            case NOT_SUPPORTED -> "NVML_ERROR_NOT_SUPPORTED";
            case NO_PERMISSION -> "NVML_ERROR_NO_PERMISSION";
            case ALREADY_INITIALIZED -> "NVML_ERROR_ALREADY_INITIALIZED";
            case NOT_FOUND -> "NVML_ERROR_NOT_FOUND";
            case INSUFFICIENT_SIZE -> "NVML_ERROR_INSUFFICIENT_SIZE";
            case INSUFFICIENT_POWER -> "NVML_ERROR_INSUFFICIENT_POWER";
            case DRIVER_NOT_LOADED -> "NVML_ERROR_DRIVER_NOT_LOADED";
            case TIMEOUT -> "NVML_ERROR_TIMEOUT";
            case IRQ_ISSUE -> "NVML_ERROR_IRQ_ISSUE";
            case LIBRARY_NOT_FOUND -> "NVML_ERROR_LIBRARY_NOT_FOUND";
            case FUNCTION_NOT_FOUND -> "NVML_ERROR_FUNCTION_NOT_FOUND";
            case CORRUPTED_INFOROM -> "NVML_ERROR_CORRUPTED_INFOROM";
            case GPU_IS_LOST -> "NVML_ERROR_GPU_IS_LOST";
            case RESET_REQUIRED -> "NVML_ERROR_RESET_REQUIRED";
            case OPERATING_SYSTEM -> "NVML_ERROR_OPERATING_SYSTEM";
            case LIB_RM_VERSION_MISMATCH -> "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
            case IN_USE -> "NVML_ERROR_IN_USE";
            case MEMORY -> "NVML_ERROR_MEMORY";
            case NO_DATA -> "NVML_ERROR_NO_DATA";
            case VGPU_ECC_NOT_SUPPORTED -> "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED";
            case INSUFFICIENT_RESOURCES -> "NVML_ERROR_INSUFFICIENT_RESOURCES";
            case FREQ_NOT_SUPPORTED -> "NVML_ERROR_FREQ_NOT_SUPPORTED";
            case ARGUMENT_VERSION_MISMATCH -> "NVML_ERROR_ARGUMENT_VERSION_MISMATCH";
            case DEPRECATED -> "NVML_ERROR_DEPRECATED";
            case NOT_READY -> "NVML_ERROR_NOT_READY";
            case GPU_NOT_FOUND -> "NVML_ERROR_GPU_NOT_FOUND";
            case INVALID_STATE -> "NVML_ERROR_INVALID_STATE";
            case RESET_TYPE_NOT_SUPPORTED -> "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED";
            case UNKNOWN -> "NVML_ERROR_UNKNOWN";
            default -> "NVML return code " + rc;
        };
    }

    /** What an operator does about {@code rc}; empty when nothing is needed. */
    public static String remedy(int rc) {
        return switch (rc) {
            case SUCCESS -> "";
            case UNINITIALIZED -> "NVML was used before nvmlInit; this is a bug in energy4j, please report it";
            case NOT_SUPPORTED, FUNCTION_NOT_FOUND, DEPRECATED ->
                    "this GPU or driver does not offer the metric; it is left out (upgrade the driver for newer NVML functions)";
            case NO_PERMISSION -> "run as a user allowed to query the GPU (root, or the video group), or grant the container access to /dev/nvidia*";
            case DRIVER_NOT_LOADED, LIBRARY_NOT_FOUND ->
                    "install and load the NVIDIA driver (nvidia-smi must work); in Kubernetes use the NVIDIA container toolkit so libnvidia-ml.so.1 is mounted";
            case INSUFFICIENT_POWER -> "check that the GPU's external power cables are attached";
            case GPU_IS_LOST -> "the GPU fell off the bus; check dmesg for Xid errors and reset or reboot the node";
            case RESET_REQUIRED -> "reset the GPU (nvidia-smi --gpu-reset) or reboot the node";
            case OPERATING_SYSTEM -> "the operating system or a cgroup blocks the GPU device; allow access to /dev/nvidia*";
            case LIB_RM_VERSION_MISMATCH -> "the NVML library and the kernel driver differ in version; reboot or reload the driver after an upgrade";
            case CORRUPTED_INFOROM -> "the GPU's infoROM is corrupted; contact the hardware vendor";
            case GPU_NOT_FOUND -> "no NVIDIA GPU is visible; check nvidia-smi -L and the device plugin";
            case TIMEOUT, NOT_READY, IN_USE, IRQ_ISSUE, NO_DATA, INSUFFICIENT_SIZE ->
                    "transient; energy4j retries on the next sample";
            case MEMORY, INSUFFICIENT_RESOURCES ->
                    "the driver ran out of memory or resources; check free host memory and the driver logs (dmesg)";
            case RESET_TYPE_NOT_SUPPORTED -> "this GPU does not support that kind of reset; see nvidia-smi --help for --gpu-reset";
            case ARGUMENT_VERSION_MISMATCH -> "the driver is newer than the structures energy4j passes; report the driver version";
            default -> "check nvidia-smi and the driver logs (dmesg)";
        };
    }

    /** One line naming the call, the code and NVML's own text, e.g. for {@code lastError()}. */
    public static String describe(String function, int rc, String nvmlText) {
        String text = nvmlText == null || nvmlText.isBlank() ? "" : " (" + nvmlText + ")";
        return function + " failed: " + name(rc) + text;
    }

    /**
     * Whether the metric is simply absent on this GPU or driver (degrade, do not fail): not supported,
     * function not found, or deprecated (a driver that no longer serves that function).
     */
    public static boolean isUnsupported(int rc) {
        return rc == NOT_SUPPORTED || rc == FUNCTION_NOT_FOUND || rc == DEPRECATED;
    }

    /** The exception reason matching {@code rc}. */
    public static EnergySourceException.Reason reason(int rc) {
        return switch (rc) {
            case NOT_SUPPORTED, FUNCTION_NOT_FOUND, DEPRECATED, GPU_NOT_FOUND -> EnergySourceException.Reason.NOT_SUPPORTED;
            case NO_PERMISSION, OPERATING_SYSTEM -> EnergySourceException.Reason.PERMISSION_DENIED;
            case DRIVER_NOT_LOADED, LIBRARY_NOT_FOUND -> EnergySourceException.Reason.LIBRARY_MISSING;
            default -> EnergySourceException.Reason.DEVICE_ERROR;
        };
    }
}
