package io.github.energy4j.nvml.analysis;

import java.util.Locale;

/** How a GPU was used over the analysis window. */
public enum GpuStatus {
    /** Kernels ran: mean SM utilisation at or above the idle threshold. */
    ACTIVE,
    /** Nothing ran and no memory is held. */
    IDLE,
    /** Memory is held or a compute process is attached, yet SM utilisation is about 0% (a "zombie"). */
    SUSPICIOUS,
    /** No sample in the window. */
    UNKNOWN,
    /**
     * Sampled for less time than the analysis asks ({@link GpuAnalysisConfig#minHistory()}): not judged yet, so
     * that a GPU seen for a few seconds is not called idle on a fraction of the window.
     */
    INSUFFICIENT_HISTORY;

    /** Lower-case name for tables, JSON and metric tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
