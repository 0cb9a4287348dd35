package io.github.energy4j.nvml;

/**
 * Splits one GPU's energy of one interval into idle energy and per-process active energy.
 *
 * <p>Idle power follows a policy: a configured wattage ({@link #configuredIdle(double)}), or the
 * minimum average power observed over intervals in which no compute process ran
 * ({@link #observedIdle()}; until such an interval is seen, idle is taken as 0 W and all energy
 * counts as active). Idle energy of an interval is {@code min(joules, idleWatts × seconds)}; the rest
 * is active and goes to processes in proportion to their weights (SM utilisation accumulated over
 * the interval, or equal weights). With no weighted process the whole interval is idle.
 * Conservation: {@code idle + Σ shares == joules} for every call.
 *
 * <p>Not thread-safe; one instance per GPU on the sampler thread. Allocation-free.
 *
 * <pre>{@code
 * GpuAttribution gpu0 = GpuAttribution.observedIdle();
 * gpu0.observe(joules, seconds, runningComputeProcesses);
 * double idleJ = gpu0.split(joules, seconds, n, weights, sharesOut);
 * }</pre>
 */
public final class GpuAttribution {

    private final boolean configured;
    private double idleWatts;

    private GpuAttribution(boolean configured, double idleWatts) {
        this.configured = configured;
        this.idleWatts = idleWatts;
    }

    /** Idle power is {@code watts} (e.g. from {@code nvml.idleWatts}). */
    public static GpuAttribution configuredIdle(double watts) {
        if (!(watts >= 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("idle watts must be a finite number >= 0, was " + watts);
        }
        return new GpuAttribution(true, watts);
    }

    /** Idle power is the minimum observed while no compute process runs. */
    public static GpuAttribution observedIdle() {
        return new GpuAttribution(false, Double.NaN);
    }

    /**
     * Feeds one measured interval. Under the observed policy, an interval with no compute process
     * lowers the idle estimate to its average power when that is lower.
     *
     * @param joules           energy of the GPU in the interval
     * @param seconds          interval length; intervals of 0 s or less are ignored
     * @param computeProcesses compute processes running on the GPU in the interval
     */
    public void observe(double joules, double seconds, int computeProcesses) {
        if (configured || computeProcesses != 0 || !(seconds > 0) || !(joules >= 0)) {
            return;
        }
        double watts = joules / seconds;
        if (Double.isNaN(idleWatts) || watts < idleWatts) {
            idleWatts = watts;
        }
    }

    /** Current idle power, watts; {@code Double.NaN} while the observed policy has seen no idle interval. */
    public double idleWatts() {
        return idleWatts;
    }

    /**
     * Splits an interval.
     *
     * @param joules    the GPU's energy in the interval
     * @param seconds   the interval length
     * @param n         number of processes in {@code weights}
     * @param weights   non-negative relative weights
     * @param sharesOut filled with each process's active joules (first {@code n} entries)
     * @return the idle joules of the interval
     */
    public double split(double joules, double seconds, int n, double[] weights, double[] sharesOut) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w > 0) {
                sum += w;
            }
        }
        if (!(joules > 0) || !(sum > 0)) {
            for (int i = 0; i < n; i++) {
                sharesOut[i] = 0;
            }
            return joules > 0 ? joules : 0;
        }
        double idle = Double.isNaN(idleWatts) || !(seconds > 0) ? 0 : Math.min(joules, idleWatts * seconds);
        double active = joules - idle;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            sharesOut[i] = w > 0 ? active * (w / sum) : 0;
        }
        return idle;
    }
}
