package io.github.energy4j.nvml.analysis;

/**
 * Fixed-capacity ring of one GPU's samples in parallel primitive arrays; the oldest sample is
 * overwritten when full. Allocation-free after construction. Not thread-safe (the analyser guards it).
 */
final class SampleRing {

    static final int UTILIZATION = 0;
    static final int MEMORY_USED = 1;
    static final int POWER = 2;
    static final int SM_CLOCK = 3;
    static final int TEMPERATURE = 4;
    static final int MEMORY_UTILIZATION = 5;
    static final int METRICS = 6;

    private final long[] timeNanos;
    private final double[][] values;
    private final int[] processes;
    private int head; // next write position
    private int size;

    SampleRing(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        }
        timeNanos = new long[capacity];
        values = new double[METRICS][capacity];
        processes = new int[capacity];
    }

    void add(long tNanos, double utilization, double memoryUsed, double power, double smClock, double temperature,
             double memoryUtilization, int procs) {
        int i = head;
        timeNanos[i] = tNanos;
        values[UTILIZATION][i] = utilization;
        values[MEMORY_USED][i] = memoryUsed;
        values[POWER][i] = power;
        values[SM_CLOCK][i] = smClock;
        values[TEMPERATURE][i] = temperature;
        values[MEMORY_UTILIZATION][i] = memoryUtilization;
        processes[i] = procs;
        head = (i + 1) % timeNanos.length;
        if (size < timeNanos.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    /** Position of the k-th oldest retained sample (0 = oldest). */
    int slot(int k) {
        int cap = timeNanos.length;
        return (head - size + k + cap) % cap;
    }

    long time(int slot) {
        return timeNanos[slot];
    }

    double value(int metric, int slot) {
        return values[metric][slot];
    }

    int processes(int slot) {
        return processes[slot];
    }

    /** Index k (0 = oldest) of the first sample at or after {@code fromNanos}; {@link #size()} when none. */
    int firstAtOrAfter(long fromNanos) {
        for (int k = 0; k < size; k++) {
            if (timeNanos[slot(k)] - fromNanos >= 0) {
                return k;
            }
        }
        return size;
    }

    /**
     * Mean, population variance and change rate per second (last minus first over the elapsed time)
     * of {@code metric} over samples {@code from..size-1}, ignoring NaN (unavailable) values.
     */
    GpuUsageReport.Stats stats(int metric, int from) {
        double[] v = values[metric];
        int n = 0;
        double mean = 0;
        double m2 = 0;
        int firstSlot = -1;
        int lastSlot = -1;
        for (int k = from; k < size; k++) {
            int s = slot(k);
            double x = v[s];
            if (Double.isNaN(x)) {
                continue;
            }
            n++;
            double d = x - mean; // Welford: stable for long windows of large byte counts
            mean += d / n;
            m2 += d * (x - mean);
            if (firstSlot < 0) {
                firstSlot = s;
            }
            lastSlot = s;
        }
        if (n == 0) {
            return GpuUsageReport.Stats.EMPTY;
        }
        double rate = 0;
        if (n > 1) {
            double seconds = (timeNanos[lastSlot] - timeNanos[firstSlot]) / 1e9;
            rate = seconds > 0 ? (v[lastSlot] - v[firstSlot]) / seconds : 0;
        }
        return new GpuUsageReport.Stats(n, mean, m2 / n, rate);
    }
}
