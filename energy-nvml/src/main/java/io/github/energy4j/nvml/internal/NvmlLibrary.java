package io.github.energy4j.nvml.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.github.energy4j.nvml.GpuDevice;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.EnergySourceException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One initialised NVML: {@code nvmlInit_v2} in {@link #open(String)}, {@code nvmlShutdown} in
 * {@link #close()}, device handles fetched once, and per-sample calls that write into buffers
 * allocated here once.
 *
 * <p>Per-sample methods return the NVML return code and leave the value in {@link #longValue()} /
 * {@link #intValue()} (or the process buffers). Sampler thread only; allocation-free after
 * warm-up (the process buffers grow only when the driver reports more entries than ever before).
 * After {@link #close()} every call answers {@link NvmlReturn#UNINITIALIZED}.
 */
public final class NvmlLibrary implements AutoCloseable {

    /** Most entries a process or sample buffer grows to, whatever count a driver asks for. */
    static final int MAX_ENTRIES = 1 << 16;
    private static final byte MARKER_BYTE = (byte) 0xA5;
    private static final int MARKER_INT = 0xA5A5A5A5;
    /**
     * Entries announced to the driver; always odd, so that a driver clearing {@code capacity × 24}
     * bytes never ends exactly where {@code n × 32} or {@code n × 16} entries would (see
     * {@link #detectStride}).
     */
    static final int INITIAL_PROCESS_CAPACITY = 63;

    private final NvmlNative.Symbols symbols;
    private final Pointer[] handles;
    private final List<GpuDevice> devices;
    private final Memory scratch = new Memory(64);
    private final Memory scratch2 = new Memory(8);
    private Memory utilSamples = new Memory(64L * NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE);
    // room for (capacity + 1) entries of the largest layout: the spare slot keeps the stride check in bounds
    private Memory processInfos = processBuffer(INITIAL_PROCESS_CAPACITY);
    private int processCount;
    private int processStride = NvmlNative.PROCESS_INFO_SIZE;
    private boolean processesV3;
    private volatile boolean closed;

    private final List<String> skipped;
    private final int nvmlCount;

    private NvmlLibrary(NvmlNative.Symbols symbols, Pointer[] handles, int[] indices, List<String> skipped,
                        int nvmlCount) {
        this.nvmlCount = nvmlCount;
        this.symbols = symbols;
        this.handles = handles;
        this.processesV3 = symbols.processesV3();
        List<GpuDevice> list = new ArrayList<>(handles.length);
        for (int i = 0; i < handles.length; i++) {
            list.add(describe(i, indices[i]));
        }
        this.devices = List.copyOf(list);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Loads NVML from {@code library} (a file path or a name the dynamic loader resolves), calls
     * {@code nvmlInit_v2} and fetches every device handle. A GPU whose handle NVML refuses (lost,
     * no permission, in reset) is left out and named in {@link #skipped()}; the others are used.
     * Every per-device method takes the position in {@link #devices()}, which equals the NVML index
     * unless a GPU was left out.
     *
     * @throws EnergySourceException LIBRARY_MISSING when the library does not load, otherwise the
     *                               reason matching the NVML return code, always with a remedy
     */
    public static NvmlLibrary open(String library) throws EnergySourceException {
        NvmlNative.Symbols symbols;
        try {
            symbols = NvmlNative.bind(library);
        } catch (UnsatisfiedLinkError e) {
            throw new EnergySourceException(Reason.LIBRARY_MISSING,
                    "NVML library " + library + " could not be loaded: " + firstLine(e.getMessage()),
                    NvmlReturn.remedy(NvmlReturn.LIBRARY_NOT_FOUND)
                            + ", or point nvml.library at libnvidia-ml.so.1", e);
        } catch (IllegalStateException e) {
            throw new EnergySourceException(Reason.CONFIGURATION, e.getMessage(),
                    "use the same nvml.library for every NVML source in one process");
        }
        boolean initialised = false;
        try {
            int rc = NvmlNative.Core.nvmlInit_v2();
            if (rc != NvmlReturn.SUCCESS) {
                throw failure("nvmlInit_v2", rc);
            }
            initialised = true;
            Memory out = new Memory(8);
            rc = NvmlNative.Core.nvmlDeviceGetCount_v2(out);
            if (rc != NvmlReturn.SUCCESS) {
                throw failure("nvmlDeviceGetCount_v2", rc);
            }
            int count = out.getInt(0);
            Pointer[] handles = new Pointer[count];
            int[] indices = new int[count];
            List<String> skipped = new ArrayList<>();
            EnergySourceException firstFailure = null;
            int n = 0;
            for (int i = 0; i < count; i++) {
                rc = NvmlNative.Core.nvmlDeviceGetHandleByIndex_v2(i, out);
                if (rc != NvmlReturn.SUCCESS) {
                    EnergySourceException f = failure("nvmlDeviceGetHandleByIndex_v2(" + i + ")", rc);
                    skipped.add("GPU " + i + " left out: " + f.getMessage() + "; " + f.remedy());
                    if (firstFailure == null) {
                        firstFailure = f;
                    }
                    continue;
                }
                handles[n] = out.getPointer(0);
                indices[n] = i;
                n++;
            }
            if (n == 0 && firstFailure != null) {
                throw firstFailure; // no GPU usable: the first reason is the answer
            }
            return new NvmlLibrary(symbols, Arrays.copyOf(handles, n), indices, skipped, count);
        } catch (EnergySourceException | RuntimeException | Error e) {
            if (initialised) {
                NvmlNative.Core.nvmlShutdown();
            }
            NvmlNative.release();
            throw e;
        }
    }

    private static EnergySourceException failure(String function, int rc) {
        return new EnergySourceException(NvmlReturn.reason(rc),
                NvmlReturn.describe(function, rc, errorString(rc)), NvmlReturn.remedy(rc));
    }

    /** NVML's own text for {@code rc}; cold path. */
    public static String errorString(int rc) {
        try {
            return NvmlNative.Core.nvmlErrorString(rc);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "not found";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private GpuDevice describe(int i, int nvmlIndex) {
        Pointer h = handles[i];
        Memory text = new Memory(NvmlNative.DEVICE_NAME_BUFFER_SIZE);
        String name = NvmlNative.Core.nvmlDeviceGetName(h, text, (int) text.size()) == 0
                ? text.getString(0) : "unknown";
        String uuid = NvmlNative.Core.nvmlDeviceGetUUID(h, text, (int) text.size()) == 0
                ? text.getString(0) : "";
        String arch = "unknown";
        if (symbols.architecture() && NvmlNative.Architecture.nvmlDeviceGetArchitecture(h, scratch) == 0) {
            arch = architectureName(scratch.getInt(0));
        }
        boolean mig = symbols.mig() && NvmlNative.Mig.nvmlDeviceGetMigMode(h, scratch, scratch2) == 0
                && scratch.getInt(0) == 1;
        boolean energy = symbols.energy()
                && NvmlNative.Energy.nvmlDeviceGetTotalEnergyConsumption(h, scratch) == NvmlReturn.SUCCESS;
        double limit = NvmlNative.Core.nvmlDeviceGetEnforcedPowerLimit(h, scratch) == 0
                ? scratch.getInt(0) / 1000.0 : Double.NaN;
        return new GpuDevice(nvmlIndex, name, uuid, arch, mig, energy, limit);
    }

    /** Lower-case architecture name for an {@code nvmlDeviceArchitecture_t}. */
    public static String architectureName(int arch) {
        return switch (arch) {
            case 2 -> "kepler";
            case 3 -> "maxwell";
            case 4 -> "pascal";
            case 5 -> "volta";
            case 6 -> "turing";
            case 7 -> "ampere";
            case 8 -> "ada";
            case 9 -> "hopper";
            case 10 -> "blackwell";
            default -> "unknown(" + Integer.toUnsignedString(arch).toLowerCase(Locale.ROOT) + ")";
        };
    }

    /** Usable devices in NVML index order; position {@code p} here is the device argument of the per-sample calls. */
    public List<GpuDevice> devices() {
        return devices;
    }

    /** How many GPUs NVML counts, the left-out ones included. */
    public int nvmlDeviceCount() {
        return nvmlCount;
    }

    /** One line per GPU left out at open (handle refused), with the reason and remedy; empty normally. */
    public List<String> skipped() {
        return skipped;
    }

    public NvmlNative.Symbols symbols() {
        return symbols;
    }

    /** The value written by the last successful scalar call (64-bit counters, memory bytes). */
    public long longValue() {
        return scratch.getLong(0);
    }

    /** The value written by the last successful 32-bit call (milliwatts, MHz, percent, °C). */
    public int intValue() {
        return scratch.getInt(0);
    }

    /** Total energy, millijoules, into {@link #longValue()}. */
    public int totalEnergy(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        if (!symbols.energy()) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        }
        return NvmlNative.Energy.nvmlDeviceGetTotalEnergyConsumption(handles[device], scratch);
    }

    /** Power draw, milliwatts, into {@link #intValue()}. */
    public int powerUsage(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetPowerUsage(handles[device], scratch);
    }

    /** Enforced power limit, milliwatts, into {@link #intValue()}. */
    public int powerLimit(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetEnforcedPowerLimit(handles[device], scratch);
    }

    /** GPU (SM busy) percent into {@link #intValue()}; memory-controller percent into {@link #memoryUtilization()}. */
    public int utilization(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetUtilizationRates(handles[device], scratch);
    }

    /** Memory-controller percent from the last {@link #utilization(int)}. */
    public int memoryUtilization() {
        return scratch.getInt(4);
    }

    /** Memory info; used bytes into {@link #memoryUsedBytes()}, total into {@link #longValue()}. */
    public int memory(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetMemoryInfo(handles[device], scratch);
    }

    /** Used bytes from the last {@link #memory(int)}. */
    public long memoryUsedBytes() {
        return scratch.getLong(NvmlNative.MEMORY_USED_OFFSET);
    }

    /** Clock in MHz into {@link #intValue()}; {@code clockType} is {@link NvmlNative#CLOCK_SM} or {@link NvmlNative#CLOCK_MEM}. */
    public int clock(int device, int clockType) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetClockInfo(handles[device], clockType, scratch);
    }

    /** GPU core temperature, °C, into {@link #intValue()}. */
    public int temperature(int device) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        return NvmlNative.Core.nvmlDeviceGetTemperature(handles[device], NvmlNative.TEMPERATURE_GPU, scratch);
    }

    /**
     * Per-process utilisation samples newer than {@code lastSeenMicros}; the count goes to
     * {@link #intValue()}, entries are read with {@link #samplePid(int)}, {@link #sampleTimestamp(int)},
     * {@link #sampleSm(int)}. {@link NvmlReturn#NOT_FOUND} means no new samples.
     */
    public int processUtilization(int device, long lastSeenMicros) {
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        if (!symbols.processUtilization()) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        }
        for (int attempt = 0; ; attempt++) {
            int capacity = (int) (utilSamples.size() / NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE);
            scratch.setInt(0, capacity);
            int rc = NvmlNative.ProcessUtilization.nvmlDeviceGetProcessUtilization(handles[device], utilSamples,
                    scratch, lastSeenMicros);
            if (rc == NvmlReturn.SUCCESS) {
                // never trust a count beyond the buffer: the entries are read from it
                scratch.setInt(0, Math.max(0, Math.min(scratch.getInt(0), capacity)));
                return rc;
            }
            if (rc != NvmlReturn.INSUFFICIENT_SIZE || attempt > 0 || capacity >= MAX_ENTRIES) {
                return rc;
            }
            growUtilSamples(Math.min(MAX_ENTRIES, Math.max(scratch.getInt(0), capacity * 2)));
        }
    }

    private void growUtilSamples(int entries) {
        utilSamples = new Memory((long) entries * NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE);
    }

    public int samplePid(int i) {
        return utilSamples.getInt((long) i * NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE);
    }

    /** Sample time, microseconds since the epoch. */
    public long sampleTimestamp(int i) {
        return utilSamples.getLong((long) i * NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE
                + NvmlNative.PROCESS_UTILIZATION_TIMESTAMP_OFFSET);
    }

    /** SM utilisation percent of the process in that sample. */
    public int sampleSm(int i) {
        return utilSamples.getInt((long) i * NvmlNative.PROCESS_UTILIZATION_SAMPLE_SIZE
                + NvmlNative.PROCESS_UTILIZATION_SM_OFFSET);
    }

    /**
     * Running compute processes ({@code _v3}, falling back to {@code _v2} when the driver lacks it);
     * the count goes to {@link #processCount()}, entries to {@link #processPid(int)} and
     * {@link #processMemory(int)}.
     *
     * <p>The buffer holds every entry in the largest layout a driver writes through these symbols
     * (32 bytes), so a driver whose struct is bigger than the header's 24 bytes cannot write past it.
     * Which stride the driver used is read from how far it wrote: the buffer is filled with a marker
     * before the call, and stride {@code s} is taken when the last 4 bytes of entry {@code n-1} were
     * written and the 4 bytes after it were not. When no candidate fits (a driver that clears the
     * whole buffer), the header's 24 bytes are used.
     */
    public int computeProcesses(int device) {
        processCount = 0;
        if (closed) {
            return NvmlReturn.UNINITIALIZED;
        }
        for (int attempt = 0; ; attempt++) {
            final Memory buf = processInfos;
            int capacity = (int) (buf.size() / NvmlNative.PROCESS_INFO_CC_SIZE) - 1;
            buf.setMemory(0, buf.size(), MARKER_BYTE);
            scratch.setInt(0, capacity);
            int rc;
            if (processesV3) {
                rc = NvmlNative.ProcessesV3.nvmlDeviceGetComputeRunningProcesses_v3(handles[device], scratch, buf);
                if (rc == NvmlReturn.FUNCTION_NOT_FOUND && symbols.processesV2()) {
                    processesV3 = false;
                    continue;
                }
            } else if (symbols.processesV2()) {
                rc = NvmlNative.ProcessesV2.nvmlDeviceGetComputeRunningProcesses_v2(handles[device], scratch, buf);
            } else {
                return NvmlReturn.FUNCTION_NOT_FOUND;
            }
            if (rc == NvmlReturn.INSUFFICIENT_SIZE && attempt < 2 && capacity < MAX_ENTRIES) {
                processInfos = processBuffer(Math.min(MAX_ENTRIES, Math.max(scratch.getInt(0) + 8, capacity * 2)));
                continue;
            }
            if (rc == NvmlReturn.SUCCESS) {
                int n = Math.max(0, Math.min(scratch.getInt(0), capacity));
                if (n > 0) {
                    processStride = detectStride(buf, n);
                }
                processCount = n;
            }
            return rc;
        }
    }

    /** A process-list buffer announcing {@code entries} rounded up to odd, plus the spare slot. */
    static Memory processBuffer(int entries) {
        return new Memory(((entries | 1) + 1L) * NvmlNative.PROCESS_INFO_CC_SIZE);
    }

    /** The entry size the driver wrote {@code n} entries with; see {@link #computeProcesses(int)}. */
    static int detectStride(Pointer buf, int n) {
        if (endsAt(buf, (long) n * NvmlNative.PROCESS_INFO_CC_SIZE)) {
            return NvmlNative.PROCESS_INFO_CC_SIZE;
        }
        if (endsAt(buf, (long) n * NvmlNative.PROCESS_INFO_SIZE)) {
            return NvmlNative.PROCESS_INFO_SIZE;
        }
        if (endsAt(buf, (long) n * NvmlNative.PROCESS_INFO_V1_SIZE)) {
            return NvmlNative.PROCESS_INFO_V1_SIZE;
        }
        return NvmlNative.PROCESS_INFO_SIZE;
    }

    private static boolean endsAt(Pointer buf, long end) {
        return buf.getInt(end - 4) != MARKER_INT && buf.getInt(end) == MARKER_INT;
    }

    public int processCount() {
        return processCount;
    }

    /** Bytes per entry the driver used in the last non-empty process list (24 unless it wrote 16 or 32). */
    public int processStride() {
        return processStride;
    }

    public int processPid(int i) {
        return processInfos.getInt((long) i * processStride);
    }

    /** Used GPU memory of the process in bytes; -1 when not available (WDDM). */
    public long processMemory(int i) {
        return processInfos.getLong((long) i * processStride + NvmlNative.PROCESS_INFO_MEMORY_OFFSET);
    }

    public boolean isClosed() {
        return closed;
    }

    /** {@code nvmlShutdown}; idempotent, never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            NvmlNative.Core.nvmlShutdown();
        } catch (RuntimeException | UnsatisfiedLinkError ignored) {
            // nothing more to release
        } finally {
            NvmlNative.release();
        }
    }
}
