package io.github.energy4j.nvml.analysis;

import io.github.energy4j.spi.SourceContext;

/**
 * Turns a GPU usage report into advice. Discovered with {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/io.github.energy4j.nvml.analysis.GpuAdvisor}); see {@link GpuAdvisors}.
 *
 * <p>Implementations have a cheap public no-argument constructor. {@link #enabled(SourceContext)}
 * never throws; {@link #advise} may block (remote advisors) and is never called on a sampler thread.
 */
public interface GpuAdvisor {

    /** Stable id: {@code rules}, {@code chat}. */
    String id();

    /** Higher is asked first. */
    int priority();

    /** Whether this advisor is switched on and configured in {@code context}. */
    boolean enabled(SourceContext context);

    /**
     * Advice for one GPU.
     *
     * @throws GpuAdvisorException when no advice could be obtained, with the reason
     */
    GpuAdvice advise(GpuUsageReport report, SourceContext context) throws GpuAdvisorException;
}
