package io.github.energy4j.rapl.internal;

import com.sun.jna.Memory;
import io.github.energy4j.spi.Zone;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads RAPL counters through open {@code perf_event} descriptors of the {@code power} PMU: one 8-byte
 * {@code read(2)} per zone and sample, no text to format or parse (powercap formats {@code energy_uj} as decimal
 * text on every read).
 *
 * <p>The kernel accumulates each event as a {@code u64} count of 2^-32 J ({@code rapl_scale} in
 * {@code arch/x86/events/rapl.c}: "users must then scale back: count * 1/(1e9*2^32) to get Joules"), starting at 0
 * when the event is opened; its hrtimer folds the 32-bit MSR into that count before the MSR can wrap. The count
 * itself wraps after 2^64 units = 2^32 J, which is 50 days at 1000 W: a daemon can live that long. So the source
 * reports {@code count >>> }{@value #SHIFT} (units of scale × 4096, about 1 µJ for RAPL) in a zone with
 * {@code wrapModulus} 2^52, and the core undoes that wrap like any other.
 *
 * <p>Allocation-free after warm-up while every zone reads; sampler thread only ({@link #close()} may come from
 * another thread after the sampler stopped). A zone whose read fails gets {@link #UNAVAILABLE}; its descriptor is
 * closed and opened again on the next read (a CPU hot-plug removes the event).
 */
public final class PerfPowerSource extends ZoneReadingSource {

    /** Bits dropped from the u64 count so that the reported counter fits a long and wraps where the count does. */
    public static final int SHIFT = 12;
    /** 2^(64 - SHIFT): the reported counter's wrap. */
    public static final long WRAP_MODULUS = 1L << (64 - SHIFT);

    private static final Logger LOG = LoggerFactory.getLogger(PerfPowerSource.class);

    /**
     * How to open one zone's event.
     *
     * @param zone   the zone reported
     * @param type   {@code perf_event_attr.type}
     * @param config {@code perf_event_attr.config}
     * @param flags  attr flag bits
     * @param pid    -1 for CPU-wide counting
     * @param cpu    the CPU the event is bound to
     */
    public record EventPlan(Zone zone, int type, long config, long flags, int pid, int cpu) {

        /** For messages: {@code perf_event_open(type=23, config=0x2, cpu=0)}. */
        public String describe() {
            return "perf_event_open(type=" + type + ", config=0x" + Long.toHexString(config) + ", cpu=" + cpu + ")";
        }
    }

    private final EventPlan[] plans;
    private final int[] fds;
    private final Memory buf = new Memory(8);

    private PerfPowerSource(String id, List<EventPlan> plans, int[] fds) {
        super(id, plans.stream().map(EventPlan::zone).toList(), LOG, "RAPL perf counter");
        this.plans = plans.toArray(new EventPlan[0]);
        this.fds = fds;
    }

    /**
     * Takes over descriptors already opened (one per plan, -1 where the open failed: retried on each read).
     */
    public static PerfPowerSource adopt(String id, List<EventPlan> plans, int[] fds) {
        if (plans.size() != fds.length) {
            throw new IllegalArgumentException("plans and descriptors differ in size");
        }
        return new PerfPowerSource(id, plans, fds.clone());
    }

    /** Opens one plan's event: the descriptor or {@code -errno}. */
    public static int open(EventPlan p) {
        return PerfEvents.open(p.type(), p.config(), p.flags(), p.pid(), p.cpu());
    }

    /** The zone's value for a raw u64 count: see the class comment. */
    public static long reported(long count) {
        return count >>> SHIFT;
    }

    @Override
    long readZone(int i) {
        int fd = fds[i];
        if (fd < 0) {
            fd = open(plans[i]);
            if (fd < 0) {
                return fail(i, PerfEvents.describe(-fd));
            }
            fds[i] = fd;
        }
        final Memory b = buf;
        int errno = PerfEvents.read(fd, b);
        if (errno != 0) {
            PerfEvents.close(fd);
            fds[i] = -1;
            return fail(i, PerfEvents.describe(errno));
        }
        return reported(b.getLong(0));
    }

    private long fail(int i, String why) {
        return failed(zones().get(i).name() + ": " + plans[i].describe() + ": " + why, null);
    }

    @Override
    void release() {
        for (int i = 0; i < fds.length; i++) {
            int fd = fds[i];
            fds[i] = -1;
            PerfEvents.close(fd);
        }
    }
}
