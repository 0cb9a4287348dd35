package io.github.energy4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * Meters the calling thread's work between {@link EnergyMeter#scope(String)} and {@link #close()}:
 * <pre>{@code
 * try (EnergyScope s = meter.scope("checkout")) {
 *     work();
 * }
 * // s.joules(), s.source()
 * }</pre>
 * The scope's energy is the thread's CPU time inside it priced at the node's active joules per
 * CPU-second over the sampling intervals the scope spans (the most recent interval when it is
 * shorter than one). Scopes may nest and overlap; each is independent.
 *
 * <p>GPU energy ({@link #gpuJoules()}) is this process's attributed share of the GPU zones over the
 * sampling intervals inside the scope ({@link #gpuSource()} {@code MEASURED}). In a container with its
 * own pid namespace the GPU driver reports host pids, so this process's pid is never in a GPU's
 * process list; then, as long as it has never been found in one, the share of every GPU process whose
 * pid does not exist in this meter's proc root is credited to this process, on the GPUs it may use
 * ({@code CUDA_VISIBLE_DEVICES} and {@code NVIDIA_VISIBLE_DEVICES}; all when unset), and
 * {@link #gpuSource()} says {@code ESTIMATED}. That estimate is an upper bound when other containers'
 * processes share the same GPU. It never applies to pids that exist in the proc root, so a meter that
 * sees every pid counts no GPU energy that is not its own.
 *
 * <p>Thread-safety: open and close on the same thread (as try-with-resources does); the accessors may
 * be read from any thread after {@link #close()}. Virtual threads: their CPU time is not observable on
 * Java 17-21, so the scope falls back to this process's CPU time during the span divided by the scopes
 * open when it opened, and says so in {@link #cpuTimeExact()}.
 *
 * <p>Allocation: the scope object only (its fields are reused for the result, so open plus close
 * costs one 64-byte object); {@link #result()} builds a record on demand.
 */
public final class EnergyScope implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int EXACT = 1;
    private static final int CLOSED = 2;
    private static final int SOURCE_SHIFT = 2; // two bits: Provenance ordinal
    private static final int GPU_ESTIMATED = 1 << 4;
    private static final int CONCURRENT_SHIFT = 5;
    private static final int CONCURRENT_MAX = 0x03FFFFFF;

    private final EnergyMeter meter;
    private final String name;
    // before close: start time and start CPU; after close: elapsed and CPU nanoseconds
    private long nanos;
    private long cpuNanos;
    // before close: active joules, busy CPU seconds, own GPU joules at open; after: joules, gpu joules, grams
    private double a;
    private double b;
    private double c;
    private volatile int state;

    EnergyScope(EnergyMeter meter, String name) {
        this.meter = meter;
        this.name = name;
        long cpu = threadCpuNanos();
        int st = cpu >= 0 ? EXACT : 0;
        this.cpuNanos = cpu >= 0 ? cpu : meter.processCpuNanos();
        st |= Math.min(meter.scopeOpened(), CONCURRENT_MAX) << CONCURRENT_SHIFT;
        // the start time is taken before the price is read, so a GPU estimate published in between is
        // flagged rather than missed; the scope stays one 64-byte object (no field for the estimate)
        this.nanos = System.nanoTime();
        double[] p = meter.priceBuffer();
        this.a = p[0];
        this.b = p[1];
        this.c = p[4];
        this.state = st;
    }

    private static long threadCpuNanos() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    public String name() {
        return name;
    }

    /** Whether CPU time is the thread's own (true) or a share of the process's (virtual threads). */
    public boolean cpuTimeExact() {
        return (state & EXACT) != 0;
    }

    /** Ends the scope and fixes its reading. Idempotent. */
    @Override
    public void close() {
        int st = state;
        if ((st & CLOSED) != 0) {
            return;
        }
        long end = System.nanoTime();
        boolean exact = (st & EXACT) != 0;
        long cpuNow = exact ? threadCpuNanos() : meter.processCpuNanos();
        long cpu = Math.max(0, cpuNow - cpuNanos);
        if (!exact) {
            cpu /= Math.max(1, st >>> CONCURRENT_SHIFT);
        }
        meter.scopeClosed();
        double[] p = meter.priceBuffer();
        // GPU energy as it stood at close: sampling below to establish a CPU price must not add to it
        double gpu = Math.max(0, p[4] - c);
        boolean gpuEstimated = gpu > 0 && p[5] >= nanos; // an estimate was credited since open
        double cpuSeconds = cpu * 1e-9;
        double spanActive = p[0] - a;
        double spanBusy = p[1] - b;
        double price = spanBusy > 0 ? spanActive / spanBusy : p[2];
        if (Double.isNaN(price)) {
            // closed before the meter finished its first interval: sample now rather than guess
            p = meter.establishPrice();
            price = p[2];
        }
        Provenance source;
        double joules;
        if (Double.isNaN(price)) {
            source = Provenance.UNAVAILABLE;
            joules = Double.NaN;
        } else {
            source = meter.cpuEstimated() ? Provenance.ESTIMATED : Provenance.MEASURED;
            joules = cpuSeconds * price;
        }
        this.nanos = end - nanos;
        this.cpuNanos = cpu;
        this.a = joules;
        this.b = gpu;
        this.c = (Double.isNaN(joules) ? gpu : joules + gpu) * p[3];
        this.state = st | CLOSED | (source.ordinal() << SOURCE_SHIFT) | (gpuEstimated ? GPU_ESTIMATED : 0);
    }

    private int closedState() {
        int st = state;
        if ((st & CLOSED) == 0) {
            throw new IllegalStateException("scope '" + name + "' is still open; read it after close()");
        }
        return st;
    }

    /** CPU joules of this scope (NaN when no price could be established); after {@link #close()}. */
    public double joules() {
        closedState();
        return a;
    }

    /** GPU joules of this process during the scope; after {@link #close()}. */
    public double gpuJoules() {
        closedState();
        return b;
    }

    /**
     * How {@link #gpuJoules()} was obtained: {@code MEASURED} (this process's attributed share, 0 without
     * GPUs) or {@code ESTIMATED} (some of it credited by the other-pid-namespace rule in the class
     * description); after {@link #close()}.
     */
    public Provenance gpuSource() {
        return (closedState() & GPU_ESTIMATED) != 0 ? Provenance.ESTIMATED : Provenance.MEASURED;
    }

    /** Measured, estimated or unavailable; after {@link #close()}. */
    public Provenance source() {
        return Provenance.values()[(closedState() >>> SOURCE_SHIFT) & 3];
    }

    /** CPU time inside the scope; after {@link #close()}. */
    public Duration cpuTime() {
        closedState();
        return Duration.ofNanos(cpuNanos);
    }

    /** Wall-clock duration; after {@link #close()}. */
    public Duration elapsed() {
        closedState();
        return Duration.ofNanos(nanos);
    }

    /** CO2e grams, NaN without a grid intensity; after {@link #close()}. */
    public double carbonGrams() {
        closedState();
        return c;
    }

    /** The whole reading as a record; after {@link #close()}. */
    public EnergyReading result() {
        return new EnergyReading(name, joules(), gpuJoules(), cpuTime(), elapsed(), source(), carbonGrams(),
                gpuSource());
    }
}
