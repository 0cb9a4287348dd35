package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code perf_event_open}/{@code read}/{@code close} path through JNA, on a software event
 * ({@code PERF_TYPE_SOFTWARE}/{@code PERF_COUNT_SW_TASK_CLOCK} of this thread, user space only), which every
 * kernel with perf events offers and which {@code perf_event_paranoid} up to 2 allows to any user.
 */
class PerfEventsTest {

    @BeforeAll
    static void perfEventsPermitted() throws IOException {
        assumeTrue(PerfEvents.load().isEmpty(), PerfEvents.load());
        Path p = Path.of("/proc/sys/kernel/perf_event_paranoid");
        assumeTrue(Files.isReadable(p), "no perf events in this kernel (" + p + " missing)");
        int level = Integer.parseInt(Files.readString(p).trim());
        // Level 3 (a Debian/Android patch) forbids perf_event_open to unprivileged users altogether.
        assumeTrue(level <= 2 || "root".equals(System.getProperty("user.name")),
                "perf_event_paranoid is " + level + ": perf_event_open is forbidden for this user");
    }

    @Test
    void shouldCountThisThreadsTaskClockThroughTheRealSyscall() {
        int fd = PerfEvents.open(PerfEvents.TYPE_SOFTWARE, PerfEvents.SW_TASK_CLOCK,
                PerfEvents.EXCLUDE_KERNEL | PerfEvents.EXCLUDE_HV, 0, -1);
        assertTrue(fd >= 0, "perf_event_open: " + PerfEvents.describe(-fd));
        try (Memory buf = new Memory(8)) {
            assertEquals(0, PerfEvents.read(fd, buf));
            long first = buf.getLong(0);
            long spin = spin(20_000_000L);
            assertEquals(0, PerfEvents.read(fd, buf));
            long second = buf.getLong(0);
            // 20 ms of spinning on this thread is at least a few ms of task clock, in nanoseconds
            assertTrue(second - first > 2_000_000L, "task clock moved by " + (second - first) + " ns (" + spin + ")");
        } finally {
            PerfEvents.close(fd);
        }
    }

    @Test
    void shouldReadWithoutAllocating() {
        int fd = PerfEvents.open(PerfEvents.TYPE_SOFTWARE, PerfEvents.SW_TASK_CLOCK,
                PerfEvents.EXCLUDE_KERNEL | PerfEvents.EXCLUDE_HV, 0, -1);
        assertTrue(fd >= 0, PerfEvents.describe(-fd));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Memory buf = new Memory(8)) {
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {
                PerfEvents.read(fd, buf);
                sum += buf.getLong(0);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                PerfEvents.read(fd, buf);
                sum += buf.getLong(0);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            // one object per read would be >= 160,000 bytes; allow a little for JIT and profiling noise
            assertTrue(allocated < 16_000, allocated + " bytes allocated by 10,000 reads (" + sum + ")");
        } finally {
            PerfEvents.close(fd);
        }
    }

    @Test
    void shouldReturnTheErrnoForAnUnknownPmuAndAClosedDescriptor() {
        int fd = PerfEvents.open(0x7fff_0000, 0, 0, 0, -1);
        assertTrue(fd < 0, "an unknown PMU type opened as " + fd);
        assertEquals(PerfEvents.ENOENT, -fd, PerfEvents.describe(-fd));

        int ok = PerfEvents.open(PerfEvents.TYPE_SOFTWARE, PerfEvents.SW_TASK_CLOCK,
                PerfEvents.EXCLUDE_KERNEL | PerfEvents.EXCLUDE_HV, 0, -1);
        assertTrue(ok >= 0);
        PerfEvents.close(ok);
        try (Memory buf = new Memory(8)) {
            assertEquals(9 /* EBADF */, PerfEvents.read(ok, buf));
        }
    }

    @Test
    void shouldKnowTheSyscallNumberOfThisArchitecture() {
        String arch = System.getProperty("os.arch");
        long expected = switch (arch) {
            case "amd64", "x86_64" -> 298;
            case "aarch64", "riscv64" -> 241;
            default -> -1;
        };
        assertEquals(expected, PerfEvents.syscallNumber());
    }

    private static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }
}
