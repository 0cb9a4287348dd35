package io.github.energy4j.spi;

import java.util.Optional;

/**
 * Maps a process to its workload (container, pod). Implemented by {@code energy-k8s}; discovered via
 * {@link WorkloadResolverProvider}.
 *
 * <p>Called by the sampler thread once per new process identity (pid, start time), never per
 * sample, so implementations may allocate. Must not block on the network: metadata from remote
 * APIs is refreshed in the background and may be attached later through {@link #refresh(Workload)}.
 */
public interface WorkloadResolver extends AutoCloseable {

    /**
     * Resolves a process.
     *
     * @param pid            host process id
     * @param startTimeTicks process start time in clock ticks since boot (field 22 of {@code /proc/[pid]/stat})
     * @return the workload, or {@link Workload#HOST}; never null, never throws
     */
    Workload resolve(int pid, long startTimeTicks);

    /**
     * Returns the current view of a workload resolved earlier, with metadata that arrived since
     * (pod name, namespace). Called at most once per sample per workload, on the sampler thread.
     */
    default Workload refresh(Workload workload) {
        return workload;
    }

    /**
     * Per-workload CPU accounting, when this resolver can read it directly (cgroup {@code cpu.stat}). The
     * sampler uses it instead of scanning every process when per-process output is not wanted. Called once,
     * when the meter starts; the reader is closed by the caller.
     */
    default Optional<WorkloadCpuReader> workloadCpu() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
