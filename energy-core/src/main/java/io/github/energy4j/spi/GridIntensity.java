package io.github.energy4j.spi;

/**
 * Carbon intensity of the electricity a node draws, supplied by {@code energy-carbon} (or the
 * application). The sampler asks once per interval and converts that interval's energy, so the
 * intensity valid at the time is used, never one factor applied at the end.
 *
 * <p>Called on the sampler thread; must not block (remote providers refresh in the background and
 * answer from their cache).
 */
public interface GridIntensity {

    /**
     * Grams CO2e per kWh drawn from the grid at {@code epochMillis}, or {@code Double.NaN} when
     * unknown (the interval then has no carbon figure rather than a zero).
     */
    double gramsPerKwh(long epochMillis);

    /** Power usage effectiveness multiplier (1.0 when the energy is already wall-side or unknown). */
    double pue();

    /** Where the figure comes from: provider, zone, dataset year, estimated flag; for reports. */
    String provenance();
}
