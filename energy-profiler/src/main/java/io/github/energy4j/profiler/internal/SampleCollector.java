package io.github.energy4j.profiler.internal;

import io.github.energy4j.Provenance;
import io.github.energy4j.profiler.internal.report.EnergyProfile;
import io.github.energy4j.profiler.internal.report.ProfileSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Where samples and windows meet. The JFR stream thread {@link #record records} samples into the window their
 * timestamp falls in; the window thread {@link #closeWindow closes} a window with the process's energy and the
 * threads' CPU time at its end, and {@link #settleDelivered settles} the windows whose samples have all arrived (JFR
 * delivers a sample a flush or two after it was taken), which splits their energy over the call tree.
 *
 * <p>Thread-safe: every method holds this object's monitor; the JFR thread also holds it while it interns a stack
 * into {@link #tree()}.
 */
public final class SampleCollector {

    private final CallTree tree = new CallTree();
    private final WindowAttribution.Pseudo pseudo = WindowAttribution.Pseudo.in(tree);
    private final NodeEnergy energy = new NodeEnergy();
    /** Windows older than this are settled even when no later sample has arrived (an idle process). */
    static final long MAX_DELIVERY_LAG_NANOS = 10_000_000_000L;
    /**
     * How much later than a window's end a delivered sample must be taken before the window counts as complete: on
     * Java 25 and later a sampled thread records its own sample at its next safepoint poll, slightly out of order.
     */
    static final long ORDER_SLACK_NANOS = 250_000_000L;

    private final long samplePeriodNanos;
    private final ArrayDeque<Window> closed = new ArrayDeque<>();
    private long startNanos = Long.MAX_VALUE;
    private Window open;
    private long latestSample = Long.MIN_VALUE;
    private long deliveredUpTo = Long.MIN_VALUE;

    private double joules;
    private double gpuJoules;
    private boolean gpuMetered;
    private long samples;
    private long sampledCpuNanos;
    private long cpuNanos;
    private long windows;
    private long unpricedWindows;
    private long lateSamples;
    private long settledUpTo;

    /**
     * A collector that drops samples until {@link #begin}.
     *
     * @param samplePeriodNanos the sampling interval
     */
    public SampleCollector(long samplePeriodNanos) {
        this.samplePeriodNanos = samplePeriodNanos;
    }

    /** Opens the first window at {@code startNanos} (epoch): the instant the energy and CPU baselines were read. */
    public synchronized void begin(long startNanos) {
        if (open != null) {
            throw new IllegalStateException("already begun");
        }
        this.startNanos = startNanos;
        this.settledUpTo = startNanos;
        this.open = new Window(startNanos);
    }

    /** The call tree samples are interned into; use it only while holding this object's monitor. */
    public CallTree tree() {
        return tree;
    }

    /**
     * Adds a sample taken at {@code timeNanos} (epoch) of thread {@code threadId} with innermost node {@code leaf}.
     * A sample from before {@link #begin} is dropped; one for a window already settled is dropped and counted as
     * late.
     */
    public synchronized void record(long timeNanos, long threadId, byte flags, int leaf) {
        if (timeNanos <= startNanos) {
            return;
        }
        latestSample = Math.max(latestSample, timeNanos);
        if (timeNanos > open.fromNanos()) {
            open.add(threadId, leaf, flags);
            return;
        }
        for (Window w : closed) {
            if (timeNanos > w.fromNanos() && timeNanos <= w.toNanos()) {
                w.add(threadId, leaf, flags);
                return;
            }
        }
        lateSamples++;
    }

    /** Closes the open window at {@code toNanos} (see {@link Window#close}) and opens the next one. */
    public synchronized void closeWindow(long toNanos, double cpuJoules, double gpuJoules, long processCpuNanos,
                                         ThreadCpu threads) {
        if (open == null) {
            throw new IllegalStateException("closeWindow before begin");
        }
        long to = Math.max(toNanos, open.fromNanos() + 1);
        open.close(to, cpuJoules, gpuJoules, processCpuNanos, threads);
        closed.addLast(open);
        open = new Window(to);
    }

    /**
     * Marks the end of a JFR flush: every sample taken up to the latest one recorded so far, less
     * {@link #ORDER_SLACK_NANOS}, has arrived (samples are written about in the order they are taken).
     */
    public synchronized void delivered() {
        deliveredUpTo = latestSample == Long.MIN_VALUE ? Long.MIN_VALUE : latestSample - ORDER_SLACK_NANOS;
    }

    /** Whether every sample taken up to {@code timeNanos} has arrived, judged as in {@link #delivered()}. */
    public synchronized boolean deliveredPast(long timeNanos) {
        return latestSample != Long.MIN_VALUE && latestSample - ORDER_SLACK_NANOS >= timeNanos;
    }

    /**
     * Attributes the closed windows whose samples have all arrived (see {@link #delivered()}), and those ending more
     * than {@link #MAX_DELIVERY_LAG_NANOS} before {@code nowNanos}.
     */
    public synchronized void settleDelivered(long nowNanos) {
        settle(Math.max(deliveredUpTo, nowNanos - MAX_DELIVERY_LAG_NANOS));
    }

    /** Attributes every closed window that ends at or before {@code upToNanos}. */
    public synchronized void settle(long upToNanos) {
        while (!closed.isEmpty() && closed.peekFirst().toNanos() <= upToNanos) {
            attribute(closed.removeFirst());
        }
    }

    /** Attributes every closed window. */
    public synchronized void settleAll() {
        settle(Long.MAX_VALUE);
    }

    private void attribute(Window w) {
        WindowAttribution.Result r = WindowAttribution.attribute(w, samplePeriodNanos, pseudo, energy);
        joules += r.joules();
        samples += r.samples();
        sampledCpuNanos += r.sampledCpuNanos();
        cpuNanos += r.cpuNanos();
        windows++;
        if (!r.priced()) {
            unpricedWindows++;
        }
        if (!Double.isNaN(w.gpuJoules())) {
            gpuMetered = true;
            gpuJoules += Math.max(0, w.gpuJoules());
        }
        settledUpTo = w.toNanos();
    }

    /** Samples that arrived for a window already settled, or from before the start. */
    public synchronized long lateSamples() {
        return lateSamples;
    }

    /**
     * The settled windows as a profile.
     *
     * @param provenance     whether the CPU energy is measured or estimated
     * @param gpuProvenance  whether the GPU energy is measured or estimated
     * @param interval       the sampling interval
     * @param window         the attribution window
     * @param pid            this process
     * @param application    what runs in it (main class or jar)
     */
    public synchronized EnergyProfile profile(Provenance provenance, Provenance gpuProvenance, Duration interval,
                                              Duration window, long pid, String application) {
        int n = tree.size();
        ProfileSummary s = new ProfileSummary(windows == unpricedWindows ? Provenance.UNAVAILABLE : provenance,
                interval, window, samples, cpuNanos == 0 ? Double.NaN : (double) sampledCpuNanos / cpuNanos, joules,
                gpuMetered ? gpuJoules : Double.NaN, gpuProvenance, cpuNanos * 1e-9, sampledCpuNanos * 1e-9,
                Duration.ofNanos(open == null ? 0 : settledUpTo - startNanos), windows, unpricedWindows, lateSamples,
                pid, application, open == null ? Instant.EPOCH : Instant.ofEpochSecond(0, startNanos));
        return new EnergyProfile(tree.nodeFrameNames(), tree.nodeParents(), energy.joulesCopy(n),
                energy.samplesCopy(n), s);
    }
}
