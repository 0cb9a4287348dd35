package io.github.energy4j.nvml.analysis.internal;

import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.spi.SourceContext;

/** Always-on advisor that restates the analyser's status with a fixed suggestion per case. */
public final class RuleGpuAdvisor implements GpuAdvisor {

    @Override
    public String id() {
        return "rules";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean enabled(SourceContext context) {
        return context.getBoolean("nvml.advisor.rules.enabled", true);
    }

    @Override
    public GpuAdvisor.Advice advise(GpuUsageReport r, SourceContext context) {
        String util = r.utilization().samples() == 0 ? "unknown" : Math.round(r.utilization().mean()) + "%";
        long memMiB = r.memoryUsed().samples() == 0 ? -1 : Math.round(r.memoryUsed().mean() / (1 << 20));
        // a cool chip backs an idle verdict: kernels that the utilisation sampler missed would still heat it
        String temp = r.temperature().samples() == 0 ? "" : " at " + Math.round(r.temperature().mean()) + " °C";
        return switch (r.status()) {
            case SUSPICIOUS -> new GpuAdvisor.Advice("suspicious", 0.8,
                    "SM utilisation " + util + temp + " while " + memMiB + " MiB are held"
                            + (r.maxProcesses() > 0 ? " by " + r.maxProcesses() + " compute process(es)" : ""),
                    "find the owning process (nvidia-smi --query-compute-apps=pid,used_memory --format=csv) and "
                            + "stop it or release the GPU", id());
            case IDLE -> new GpuAdvisor.Advice("idle", 0.9, "SM utilisation " + util + temp + " and no memory held",
                    "release the GPU to the pool or scale the node group down", id());
            case ACTIVE -> r.lowUtilization()
                    ? new GpuAdvisor.Advice("active", 0.6, "score " + Math.round(r.score()) + " is below the low-utilisation threshold",
                    "batch more work per GPU, share it (MIG/MPS/time-slicing) or use a smaller GPU", id())
                    : new GpuAdvisor.Advice("active", 0.9, "score " + Math.round(r.score()), "none", id());
            case UNKNOWN -> new GpuAdvisor.Advice("idle", 0.0, "no sample in the window", "check that sampling runs", id());
            case INSUFFICIENT_HISTORY -> new GpuAdvisor.Advice("active", 0.0, "sampled for " + Math.round(r.historySeconds())
                    + " s, less than the analysis window", "wait for a full window before acting", id());
        };
    }
}
