package io.github.energy4j.carbon;

import java.util.List;

/**
 * Tries sources in order and answers with the first known figure. Any answer from a source other than
 * the first is marked estimated, naming the source it stands in for. Thread-safe; the hot call does not
 * allocate.
 */
final class ChainIntensity implements IntensitySource {

    private final IntensitySource[] sources;

    ChainIntensity(List<? extends IntensitySource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one intensity source");
        }
        this.sources = sources.toArray(new IntensitySource[0]);
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        final IntensitySource[] s = sources;
        for (int i = 0; i < s.length; i++) {
            double v = s[i].gramsPerKwh(epochMillis);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    /**
     * PUE of the source that answers now (the first one when none does). Called by the sampler every
     * interval, so like {@link #gramsPerKwh(long)} it asks the sources' hot methods and does not allocate.
     */
    @Override
    public double pue() {
        final IntensitySource[] s = sources;
        final long now = System.currentTimeMillis();
        for (int i = 0; i < s.length; i++) {
            if (!Double.isNaN(s[i].gramsPerKwh(now))) {
                return s[i].pue();
            }
        }
        return s[0].pue();
    }

    /** The earliest change among the sources: any of them may start or stop answering there. */
    @Override
    public long nextChangeAfter(long epochMillis) {
        long next = Long.MAX_VALUE;
        for (IntensitySource s : sources) {
            next = Math.min(next, s.nextChangeAfter(epochMillis));
        }
        return next;
    }

    @Override
    public IntensityReading readingAt(long epochMillis) {
        IntensityReading first = sources[0].readingAt(epochMillis);
        if (first.known()) {
            return first;
        }
        for (int i = 1; i < sources.length; i++) {
            IntensityReading r = sources[i].readingAt(epochMillis);
            if (r.known()) {
                IntensityProvenance p = r.provenance().asEstimated("fallback for " + first.provenance().provider()
                                + " zone=" + first.provenance().zone() + " which has no value at this time");
                return new IntensityReading(r.gramsPerKwh(), r.pue(), p);
            }
        }
        return first;
    }
}
