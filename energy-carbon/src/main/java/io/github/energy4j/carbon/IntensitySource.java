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

    /**
     * The first time after {@code epochMillis} at which the figure may change (a bucket boundary), or
     * {@link Long#MAX_VALUE} when none is known. {@link CarbonConverter} cuts intervals there, so a piece of
     * an interval never spans two figures even when the source's buckets do not line up with the converter's.
     * Extra boundaries are harmless; the default says the figure never changes.
     */
    default long nextChangeAfter(long epochMillis) {
        return Long.MAX_VALUE;
    }

    /** Provenance of the figure valid now, as one line. */
    @Override
    default String provenance() {
        return readingAt(System.currentTimeMillis()).provenance().toString();
    }
}
