package io.github.energy4j.spi;

/** How a zone's raw value behaves. */
public enum ZoneKind {
    /**
     * A cumulative energy counter in {@link Zone#joulesPerUnit()} units that may wrap to 0 after
     * {@link Zone#wrapModulus()} - 1 (RAPL {@code energy_uj}, NVML total energy, MSR counters).
     */
    ENERGY_COUNTER,
    /** An instantaneous power gauge in microwatts; the core integrates it over a monotonic clock. */
    POWER_GAUGE
}
