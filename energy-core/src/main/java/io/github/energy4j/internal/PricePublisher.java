package io.github.energy4j.internal;

/**
 * What scopes price their CPU time with, published by the tick and read by any thread without waiting for it, under
 * a {@link SeqLock} (the tick thread is the one writer).
 * Neither side allocates.
 *
 * <p>The state: active joules and busy CPU seconds summed over priced intervals, the last complete interval's
 * joules per CPU-second, grams CO2e per joule, this process's GPU joules (estimated share included), and the
 * {@code System.nanoTime()} of the last publication that credited an estimated GPU share (-infinity: never).
 */
final class PricePublisher {

    /** Slots of the array {@link #read(double[])} fills. */
    static final int ACTIVE_JOULES = 0;
    static final int BUSY_SECONDS = 1;
    static final int LAST_PRICE = 2;
    static final int GRAMS_PER_JOULE = 3;
    static final int SELF_GPU_JOULES = 4;
    static final int SELF_GPU_ESTIMATED_AT = 5;
    static final int SIZE = 6;

    private final SeqLock lock = new SeqLock();
    private double activeJoules;
    private double busySeconds;
    private double lastPrice = Double.NaN;
    private double gramsPerJoule = Double.NaN;
    private double selfGpuJoules;
    private double selfGpuEstimatedAtNanos = Double.NEGATIVE_INFINITY;

    /** Active joules summed so far (writer thread only). */
    double activeJoules() {
        return activeJoules;
    }

    /** Busy CPU seconds summed so far (writer thread only). */
    double busySeconds() {
        return busySeconds;
    }

    /**
     * Publishes one interval's state (the tick thread only).
     *
     * @param lastPrice        this interval's joules per CPU-second, or NaN to keep the last one
     * @param creditedEstimate whether this interval credited an estimated GPU share to this process
     */
    void publish(double activeJoules, double busySeconds, double lastPrice, double gramsPerJoule,
                 double selfGpuJoules, boolean creditedEstimate) {
        long s = lock.beginWrite();
        this.activeJoules = activeJoules;
        this.busySeconds = busySeconds;
        if (!Double.isNaN(lastPrice)) {
            this.lastPrice = lastPrice;
        }
        this.gramsPerJoule = gramsPerJoule;
        if (creditedEstimate) {
            this.selfGpuEstimatedAtNanos = System.nanoTime();
        }
        this.selfGpuJoules = selfGpuJoules;
        lock.endWrite(s);
    }

    /** Copies the published state into {@code out} (at least {@link #SIZE} long) at the slots above. */
    void read(double[] out) {
        long s;
        do {
            s = lock.beginRead();
            out[ACTIVE_JOULES] = activeJoules;
            out[BUSY_SECONDS] = busySeconds;
            out[LAST_PRICE] = lastPrice;
            out[GRAMS_PER_JOULE] = gramsPerJoule;
            out[SELF_GPU_JOULES] = selfGpuJoules;
            out[SELF_GPU_ESTIMATED_AT] = selfGpuEstimatedAtNanos;
        } while (!lock.validate(s));
    }
}
