package io.github.energy4j.nvml.analysis;

import java.util.Objects;

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
public record GpuAdvice(String status, double confidence, String reason, String suggestion, String advisor,
                        double adjustedScore) {

    /** Advice without an adjusted score. */
    public GpuAdvice(String status, double confidence, String reason, String suggestion, String advisor) {
        this(status, confidence, reason, suggestion, advisor, Double.NaN);
    }

    public GpuAdvice {
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
