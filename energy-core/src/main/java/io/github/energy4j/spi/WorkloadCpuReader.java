package io.github.energy4j.spi;

/**
 * Cumulative CPU time per workload, read from the workload's own accounting (cgroup {@code cpu.stat}) rather
 * than summed over its processes. Offered by a {@link WorkloadResolver} through
 * {@link WorkloadResolver#workloadCpu()}.
 *
 * <p>With it, the sampler reads one file per container instead of one per process, and the energy of processes
 * that started and exited inside one interval is still counted for their container.
 *
 * <p>Sampler thread only. {@link #read(Sink)} is allocation-free while no workload appears or
 * disappears; discovering workloads (listing cgroups) may allocate.
 */
public interface WorkloadCpuReader extends AutoCloseable {

    /** Returned by {@link #read(Sink)} when nothing could be read at all. */
    int UNAVAILABLE = -1;

    /**
     * Hands every live workload with its cumulative CPU time to {@code sink}.
     *
     * @return how many workloads were handed over, or {@link #UNAVAILABLE}; never throws
     */
    int read(Sink sink);

    /** What went wrong last, for logs and {@code doctor}; empty when nothing did. */
    default String lastError() {
        return "";
    }

    @Override
    default void close() {
    }

    /** Receives per-workload CPU time from a {@link WorkloadCpuReader}. */
    interface Sink {

        /**
         * @param workload the workload (the same instance on every read while it lives; never {@link Workload#HOST})
         * @param cpuNanos its cumulative CPU time in nanoseconds since it started
         */
        void workloadCpu(Workload workload, long cpuNanos);
    }
}
