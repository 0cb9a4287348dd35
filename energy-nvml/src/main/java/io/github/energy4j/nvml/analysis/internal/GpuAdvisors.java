package io.github.energy4j.nvml.analysis.internal;

import io.github.energy4j.internal.service.Providers;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.spi.SourceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the {@link GpuAdvisor}s enabled in a context and asks them in priority order (behind {@link GpuAdvisor#loadAll} and {@link GpuAdvisor#firstAdvice}). */
public final class GpuAdvisors {

    private static final Logger LOG = LoggerFactory.getLogger(GpuAdvisors.class);

    private GpuAdvisors() {
    }

    /** Enabled advisors, highest priority first; a provider that fails to load is skipped with a warning. */
    public static List<GpuAdvisor> load(SourceContext context) {
        List<GpuAdvisor> out = new ArrayList<>();
        for (GpuAdvisor a : Providers.all(ServiceLoader.load(GpuAdvisor.class, Providers.loaderFor(GpuAdvisor.class)),
                GpuAdvisor::priority, "GPU advisor")) {
            try {
                if (a.enabled(context)) {
                    out.add(a);
                }
            } catch (RuntimeException e) {
                LOG.warn("GPU advisor {} skipped: {}", a.getClass().getName(), e.toString());
            }
        }
        return out;
    }

    /**
     * Advice from the first advisor that answers; an advisor that fails is logged and the next is
     * asked. Returns null only when {@code advisors} is empty or all failed.
     */
    public static GpuAdvisor.Advice advise(List<GpuAdvisor> advisors, GpuUsageReport report, SourceContext context) {
        for (GpuAdvisor a : advisors) {
            try {
                return a.advise(report, context);
            } catch (GpuAdvisor.AdvisorException | RuntimeException e) {
                LOG.warn("GPU advisor {} failed: {}", a.id(), e.getMessage());
            }
        }
        return null;
    }
}
