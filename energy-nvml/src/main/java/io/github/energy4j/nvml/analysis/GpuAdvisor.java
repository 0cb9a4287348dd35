package io.github.energy4j.nvml.analysis;

import io.github.energy4j.nvml.analysis.internal.GpuAdvisors;
import io.github.energy4j.spi.SourceContext;
import java.util.List;
import java.util.Objects;

/**
 * Turns a GPU usage report into advice. Discovered with {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/io.github.energy4j.nvml.analysis.GpuAdvisor}); {@link #loadAll} finds the enabled ones
 * and {@link #firstAdvice} asks them in turn.
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
     * @throws AdvisorException when no advice could be obtained, with the reason
     */
    Advice advise(GpuUsageReport report, SourceContext context) throws AdvisorException;

    /**
     * The advisors enabled in {@code context}, highest priority first; one that fails to load is skipped with a
     * warning.
     */
    static List<GpuAdvisor> loadAll(SourceContext context) {
        return GpuAdvisors.load(context);
    }

    /**
     * Advice from the first of {@code advisors} that answers; one that fails is logged and the next is asked.
     *
     * @return the advice, or null only when {@code advisors} is empty or all of them failed
     */
    static Advice firstAdvice(List<GpuAdvisor> advisors, GpuUsageReport report, SourceContext context) {
        return GpuAdvisors.advise(advisors, report, context);
    }

    /**
     * An advisor's verdict on one GPU.
     *
     * @param status     {@code active}, {@code idle} or {@code suspicious}
     * @param confidence 0.0–1.0
     * @param reason     why, in one or two sentences
     * @param suggestion what an operator could do
     * @param advisor    id of the advisor that answered
     * @param adjustedScore the advisor's own utilisation score 0–100, NaN when it gave none
     */
    record Advice(String status, double confidence, String reason, String suggestion, String advisor,
                  double adjustedScore) {

        /** Advice without an adjusted score. */
        public Advice(String status, double confidence, String reason, String suggestion, String advisor) {
            this(status, confidence, reason, suggestion, advisor, Double.NaN);
        }

        public Advice {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(suggestion, "suggestion");
            Objects.requireNonNull(advisor, "advisor");
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("confidence must be 0..1, was " + confidence);
            }
            if (!Double.isNaN(adjustedScore) && !(adjustedScore >= 0 && adjustedScore <= 100)) {
                throw new IllegalArgumentException("adjustedScore must be 0..100 or NaN, was " + adjustedScore);
            }
        }
    }

    /** An advisor could not answer; the message says why and what to check. */
    public class AdvisorException extends Exception {

        private static final long serialVersionUID = 1L;

        public AdvisorException(String message) {
            super(message);
        }

        public AdvisorException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
