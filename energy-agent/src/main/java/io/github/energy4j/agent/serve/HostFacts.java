package io.github.energy4j.agent.serve;

import io.github.energy4j.agent.vm.VmProcesses;
import java.util.List;
import java.util.Map;

/**
 * What an export frame says about the node besides energy: the CPU usage ratio of the last interval, the CPUs
 * from {@code cpuinfo} (read once at start), the agent's build, the executable paths of processes, the product
 * names of the GPUs and the names of containers no pod view names and the VMs processes run.
 *
 * @param cpuUsageRatio  busy share of all CPUs since the previous frame, in [0, 1]; NaN when unknown
 * @param cpus           the logical CPUs; empty when {@code cpuinfo} could not be read
 * @param build          the agent's version
 * @param exe            executable paths for process series
 * @param gpus           the GPU of each GPU zone, by zone name; a zone not in it has an unknown UUID and name
 * @param containerNames container names from their processes' environment
 * @param vms            the VM each process runs, from its command line
 */
public record HostFacts(double cpuUsageRatio, List<CpuInfo> cpus, BuildInfo build, ProcessExe exe,
                        Map<String, GpuInfo> gpus, ContainerNames containerNames, VmProcesses vms) {

    /** Nothing known: NaN usage, no CPUs, an unknown build, empty executables, GPU and container names. */
    public static final HostFacts NONE = new HostFacts(Double.NaN, List.of(), BuildInfo.of(null), ProcessExe.NONE);

    public HostFacts {
        cpus = List.copyOf(cpus);
        gpus = Map.copyOf(gpus);
    }

    /** Without VM detection. */
    public HostFacts(double cpuUsageRatio, List<CpuInfo> cpus, BuildInfo build, ProcessExe exe,
                     Map<String, GpuInfo> gpus, ContainerNames containerNames) {
        this(cpuUsageRatio, cpus, build, exe, gpus, containerNames, VmProcesses.NONE);
    }

    /** Without GPUs and container names. */
    public HostFacts(double cpuUsageRatio, List<CpuInfo> cpus, BuildInfo build, ProcessExe exe) {
        this(cpuUsageRatio, cpus, build, exe, Map.of(), ContainerNames.NONE);
    }
}
