package io.github.energy4j.spi;

/** Receives per-workload CPU time from a {@link WorkloadCpuReader}. */
public interface WorkloadCpuSink {

    /**
     * @param workload the workload (the same instance on every read while it lives; never {@link Workload#HOST})
     * @param cpuNanos its cumulative CPU time in nanoseconds since it started
     */
    void workloadCpu(Workload workload, long cpuNanos);
}
