package io.github.energy4j.model;

/** Estimates node CPU power from utilisation. Implementations are immutable and thread-safe. */
public interface CpuPowerModel {

    /**
     * Estimated power in watts.
     *
     * @param utilization   busy share of all CPUs over the interval, in [0, 1]
     * @param busyCpuPerSec busy CPU-seconds per second (0 .. vcpus)
     * @param vcpus         logical CPUs of the node
     */
    double watts(double utilization, double busyCpuPerSec, int vcpus);

    /** Estimated power of the idle node in watts (used as the zone's idle hint). */
    double idleWatts(int vcpus);

    /** Estimated power at full load in watts (the zone's maximum). */
    double maxWatts(int vcpus);

    /** One line saying what the model is and where its numbers come from. */
    String description();
}
