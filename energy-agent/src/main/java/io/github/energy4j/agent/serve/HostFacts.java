package io.github.energy4j.agent.serve;

import java.util.List;

/**
 * What an export frame says about the node besides energy: the CPU usage ratio of the last interval, the CPUs
 * from {@code cpuinfo} (read once at start), the agent's build, and the executable paths of processes.
 *
 * @param cpuUsageRatio busy share of all CPUs since the previous frame, in [0, 1]; NaN when unknown
 * @param cpus          the logical CPUs; empty when {@code cpuinfo} could not be read
 * @param build         the agent's version
 * @param exe           executable paths for process series
 */
public record HostFacts(double cpuUsageRatio, List<CpuInfo> cpus, BuildInfo build, ProcessExe exe) {

    /** Nothing known: NaN usage, no CPUs, an unknown build, empty executables. */
    public static final HostFacts NONE = new HostFacts(Double.NaN, List.of(), BuildInfo.of(null), ProcessExe.NONE);

    public HostFacts {
        cpus = List.copyOf(cpus);
    }
}
