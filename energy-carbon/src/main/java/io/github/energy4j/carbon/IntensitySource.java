package io.github.energy4j.carbon;

import io.github.energy4j.spi.GridIntensity;

/**
 * A {@link GridIntensity} that can also say, for a given time, where its figure comes from.
 *
 * <p>{@link #gramsPerKwh(long)} is the sampler's hot call: it never blocks and does not allocate.
 * {@link #readingAt(long)} allocates a small record and is meant for reports and conversions.
 * Implementations are thread-safe.
 */
public interface IntensitySource extends GridIntensity {

    /** The figure valid at {@code epochMillis} with its provenance; never null, NaN when unknown. */
    IntensityReading readingAt(long epochMillis);

    /** Provenance of the figure valid now, as one line. */
    @Override
    default String provenance() {
        return readingAt(System.currentTimeMillis()).provenance().toString();
    }
}
