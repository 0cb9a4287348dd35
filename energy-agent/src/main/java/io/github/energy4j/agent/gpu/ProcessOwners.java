package io.github.energy4j.agent.gpu;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Owner;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.internal.GpuWorkloadAggregation;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs a GPU process: container, pod and namespace through a {@link WorkloadResolver} (cgroup and pod
 * metadata, as for the energy series), keyed by the process's start time from {@code <procfs>/[pid]/stat} so a
 * reused pid is not taken for its predecessor. Once per process per analysis, never per sample.
 */
final class ProcessOwners implements AutoCloseable {

    private final Path procfs;
    private final WorkloadResolver resolver;

    /** @param resolver null when no resolver is available: every process is then {@code host} */
    ProcessOwners(Path procfs, WorkloadResolver resolver) {
        this.procfs = procfs;
        this.resolver = resolver;
    }

    Owner owner(GpuUsageReport.ProcessUsage p) {
        Workload w = Workload.HOST;
        if (resolver != null) {
            long start = startTime(procfs, p.pid());
            if (start >= 0) {
                try {
                    w = resolver.refresh(resolver.resolve(p.pid(), start));
                } catch (RuntimeException e) {
                    w = Workload.HOST; // a resolver must not throw; if one does, the process stays unowned
                }
            }
        }
        String ns = w.labels().getOrDefault("namespace", "");
        return new Owner(p.pid(), p.memoryBytes(), p.smPercent(), w.kind().equals("container") ? w.id() : "",
                w.labels().getOrDefault("pod", ""), ns.isEmpty() ? GpuWorkloadAggregation.HOST : ns);
    }

    /** Field 22 of {@code [pid]/stat}, clock ticks since boot; -1 when the process is gone or the line is odd. */
    static long startTime(Path procfs, int pid) {
        try {
            return parseStartTime(Files.readString(procfs.resolve(Integer.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The start time in a {@code stat} line: after the command (which may hold spaces and ')'), field 22. */
    static long parseStartTime(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field 22 is f[19]
        if (f.length < 20) {
            return -1;
        }
        try {
            return Long.parseLong(f[19]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
    }
}
