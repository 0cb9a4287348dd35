package io.github.energy4j.profiler.internal;

import java.util.Arrays;

/**
 * The CPU time each live platform thread used over one window, with what kind of thread it is. Filled by
 * {@link ThreadCpuReader} (or a fixture), read by {@link WindowAttribution}. Not thread-safe; handed over whole.
 */
public final class ThreadCpu {

    /** An application thread (or any thread not listed below): its CPU time goes to its own samples. */
    public static final byte APP = 0;
    /** A carrier of virtual threads: the carriers' CPU time is split over the virtual threads' samples. */
    public static final byte CARRIER = 1;
    /** The profiler's own threads and JFR's Java threads: their CPU time is the profiler's cost. */
    public static final byte PROFILER = 2;

    private long[] ids = new long[32];
    private long[] cpuNanos = new long[32];
    private byte[] kinds = new byte[32];
    private int size;

    /** Adds a thread that used {@code cpuNanos} (at least 0) of CPU time in the window. */
    public void add(long threadId, long cpuNanos, byte kind) {
        if (cpuNanos < 0) {
            throw new IllegalArgumentException("cpuNanos must be >= 0, was " + cpuNanos);
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            this.cpuNanos = Arrays.copyOf(this.cpuNanos, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        ids[size] = threadId;
        this.cpuNanos[size] = cpuNanos;
        kinds[size] = kind;
        size++;
    }

    public int size() {
        return size;
    }

    public long id(int i) {
        return ids[i];
    }

    public long cpuNanos(int i) {
        return cpuNanos[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    /**
     * The kind of a thread from its name and class: carriers by their class, the profiler's threads (named
     * {@code energy4j-profiler...}) and JFR's Java threads (named {@code JFR ...}) by name, anything else is
     * {@link #APP}.
     */
    public static byte kindOf(String threadName, String className) {
        if ("jdk.internal.misc.CarrierThread".equals(className)) {
            return CARRIER;
        }
        if (threadName != null && (threadName.startsWith("energy4j-profiler") || threadName.startsWith("JFR "))) {
            return PROFILER;
        }
        return APP;
    }
}
