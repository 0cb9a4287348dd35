package io.github.energy4j.profiler.internal;

import java.util.Arrays;

/**
 * One attribution window: the samples taken in {@code (from, to]} and, once it is closed, the process's CPU energy
 * and the threads' CPU time over it. Times are epoch nanoseconds, the clock JFR stamps its events with.
 *
 * <p>Not thread-safe: the collector guards it.
 */
public final class Window {

    /** Sample flag: the sampled thread is a virtual thread. */
    public static final byte VIRTUAL = 1;
    /** Sample flag: a {@code jdk.NativeMethodSample} (the thread was in native code, running or blocked). */
    public static final byte NATIVE = 2;

    private final long fromNanos;
    private long toNanos = Long.MAX_VALUE;
    private long[] threadIds = new long[64];
    private int[] leaves = new int[64];
    private byte[] flags = new byte[64];
    private int samples;

    private boolean closed;
    private double cpuJoules;
    private double gpuJoules;
    private long processCpuNanos;
    private ThreadCpu threads;

    public Window(long fromNanos) {
        this.fromNanos = fromNanos;
    }

    /** Adds one sample of thread {@code threadId} whose innermost frame is call-tree node {@code leaf}. */
    public void add(long threadId, int leaf, byte sampleFlags) {
        if (samples == leaves.length) {
            threadIds = Arrays.copyOf(threadIds, samples * 2);
            leaves = Arrays.copyOf(leaves, samples * 2);
            flags = Arrays.copyOf(flags, samples * 2);
        }
        threadIds[samples] = threadId;
        leaves[samples] = leaf;
        flags[samples] = sampleFlags;
        samples++;
    }

    /**
     * Closes the window at {@code toNanos} with what the process used over it.
     *
     * @param cpuJoules       the process's CPU energy over the window as the meter prices it (NaN: unreadable)
     * @param gpuJoules       the process's GPU energy over the window (NaN: no GPU zone)
     * @param processCpuNanos the process's CPU time over the window, every thread of it
     * @param threads         the live platform threads' CPU time over the window
     */
    public void close(long toNanos, double cpuJoules, double gpuJoules, long processCpuNanos, ThreadCpu threads) {
        this.toNanos = toNanos;
        this.cpuJoules = cpuJoules;
        this.gpuJoules = gpuJoules;
        this.processCpuNanos = processCpuNanos;
        this.threads = threads;
        this.closed = true;
    }

    public long fromNanos() {
        return fromNanos;
    }

    public long toNanos() {
        return toNanos;
    }

    public boolean closed() {
        return closed;
    }

    public int samples() {
        return samples;
    }

    public long threadId(int i) {
        return threadIds[i];
    }

    public int leaf(int i) {
        return leaves[i];
    }

    public byte flags(int i) {
        return flags[i];
    }

    public double cpuJoules() {
        return cpuJoules;
    }

    public double gpuJoules() {
        return gpuJoules;
    }

    public long processCpuNanos() {
        return processCpuNanos;
    }

    public ThreadCpu threads() {
        return threads;
    }
}
