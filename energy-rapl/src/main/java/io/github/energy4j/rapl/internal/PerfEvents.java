package io.github.energy4j.rapl.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code perf_event_open(2)}, {@code read(2)} and {@code close(2)} through JNA direct mapping: primitive
 * arguments only, so a counter read allocates nothing unless it fails.
 *
 * <p>glibc has no wrapper for {@code perf_event_open}; it is called through {@code syscall(2)} with the
 * number of the running architecture: 298 on x86_64 ({@code arch/x86/entry/syscalls/syscall_64.tbl}) and
 * 241 on aarch64 and riscv64, which use the generic table ({@code include/uapi/asm-generic/unistd.h},
 * {@code __NR_perf_event_open}). Other architectures are refused with a reason.
 *
 * <p>{@code struct perf_event_attr} is passed in its first published size, {@code PERF_ATTR_SIZE_VER0} =
 * 64 bytes; the kernel accepts every older size and zero-fills the rest ({@code perf_copy_attr} in
 * {@code kernel/events/core.c}). Offsets from {@code include/uapi/linux/perf_event.h}: {@code type} u32 at 0,
 * {@code size} u32 at 4, {@code config} u64 at 8, {@code sample_period} u64 at 16, {@code sample_type} u64 at
 * 24, {@code read_format} u64 at 32, the flag bit-field u64 at 40 ({@code disabled} bit 0 ... {@code exclude_user}
 * bit 4, {@code exclude_kernel} bit 5, {@code exclude_hv} bit 6). With {@code read_format} 0 a {@code read} of the
 * event's descriptor returns the 64-bit count alone (perf_event_open(2), "Reading results").
 */
public final class PerfEvents {

    /** {@code PERF_TYPE_SOFTWARE}. */
    public static final int TYPE_SOFTWARE = 1;
    /** {@code PERF_COUNT_SW_TASK_CLOCK}: nanoseconds the task ran. */
    public static final long SW_TASK_CLOCK = 1;
    /** {@code PERF_COUNT_SW_CPU_CLOCK}: nanoseconds of a CPU's clock. */
    public static final long SW_CPU_CLOCK = 0;
    /** {@code exclude_kernel}: count user space only (allowed at any {@code perf_event_paranoid} level). */
    public static final long EXCLUDE_KERNEL = 1L << 5;
    /** {@code exclude_hv}. */
    public static final long EXCLUDE_HV = 1L << 6;
    /** {@code PERF_FLAG_FD_CLOEXEC}: no descriptor leaks into child processes. */
    public static final long FLAG_FD_CLOEXEC = 1L << 3;

    static final int ATTR_SIZE_VER0 = 64;

    /** errno values the probe tells apart. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;

    private static final Object LOCK = new Object();
    private static volatile String loadError;
    private static volatile boolean loaded;

    private PerfEvents() {
    }

    /** The syscall number of {@code perf_event_open} here, or -1 on an architecture we do not know. */
    public static long syscallNumber() {
        if (!Platform.isLinux()) {
            return -1;
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 298;
            case "aarch64", "riscv64" -> 241;
            default -> -1;
        };
    }

    /**
     * Binds the natives once. Never throws.
     *
     * @return empty when bound, else why not (no JNA, no libc, unknown architecture)
     */
    public static String load() {
        if (loaded) {
            return "";
        }
        synchronized (LOCK) {
            if (loaded) {
                return "";
            }
            if (loadError != null) {
                return loadError;
            }
            try {
                if (syscallNumber() < 0) {
                    loadError = "perf_event_open: no syscall number known for " + System.getProperty("os.name")
                            + "/" + System.getProperty("os.arch") + " (x86_64, aarch64 and riscv64 Linux are)";
                    return loadError;
                }
                Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                loaded = true;
                return "";
            } catch (LinkageError | RuntimeException e) {
                loadError = "perf_event_open: cannot bind libc through JNA: " + e;
                return loadError;
            }
        }
    }

    /**
     * Opens one counting event (no sampling).
     *
     * @param type   {@code perf_event_attr.type}: a PMU's {@code type} file, or {@link #TYPE_SOFTWARE}
     * @param config {@code perf_event_attr.config}
     * @param flags  the attr flag bits ({@link #EXCLUDE_KERNEL}, ...)
     * @param pid    -1 for every task on {@code cpu}, 0 for the calling thread
     * @param cpu    the CPU, or -1 for any CPU the task runs on
     * @return the descriptor, or {@code -errno}
     */
    public static int open(int type, long config, long flags, int pid, int cpu) {
        String why = load();
        if (!why.isEmpty()) {
            return -ENOSYS;
        }
        try (Memory attr = new Memory(ATTR_SIZE_VER0)) {
            attr.clear();
            attr.setInt(0, type);
            attr.setInt(4, ATTR_SIZE_VER0);
            attr.setLong(8, config);
            attr.setLong(40, flags);
            long fd = Libc.syscall(syscallNumber(), Pointer.nativeValue(attr), pid, cpu, -1L, FLAG_FD_CLOEXEC);
            return (int) fd;
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    /**
     * Reads the 64-bit count of {@code fd} into the first 8 bytes of {@code buf} (native memory, reused; the
     * count is a {@code u64}, read it with {@code buf.getLong(0)}). Allocation-free unless the read fails.
     *
     * @return 0 when 8 bytes were read, else the errno ({@link #EINVAL} for a short read)
     */
    public static int read(int fd, Pointer buf) {
        try {
            return Libc.read(fd, Pointer.nativeValue(buf), 8) == 8 ? 0 : EINVAL;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /** One read of {@code fd} for a probe (allocates its buffer): 0 when it worked, else the errno. */
    public static int trialRead(int fd) {
        try (Memory buf = new Memory(8)) {
            return read(fd, buf);
        }
    }

    /** Closes a descriptor from {@link #open}; errors are ignored (nothing to do about them). */
    public static void close(int fd) {
        if (fd < 0 || !loaded) {
            return;
        }
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // the descriptor is gone either way
        }
    }

    /** A human text for an errno of {@link #open} or {@link #read}. */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case EACCES -> "permission denied (EACCES)";
            case ENOENT -> "no such event (ENOENT)";
            case ENODEV -> "no such device (ENODEV)";
            case EINVAL -> "invalid argument (EINVAL)";
            case ENOSYS -> "perf_event_open unavailable (ENOSYS)";
            case EOPNOTSUPP -> "not supported (EOPNOTSUPP)";
            default -> "errno " + errno;
        };
    }

    /** The direct-mapped libc functions. */
    static final class Libc {
        private Libc() {
        }

        /** {@code long syscall(long number, ...)}: every argument passed as a 64-bit register value. */
        static native long syscall(long number, long attr, long pid, long cpu, long groupFd, long flags)
                throws LastErrorException;

        static native long read(int fd, long buf, long count) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }
}
