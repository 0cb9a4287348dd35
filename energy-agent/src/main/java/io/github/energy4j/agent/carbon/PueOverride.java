package io.github.energy4j.agent.carbon;

import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;

/** An intensity source with its PUE replaced by the one given on the command line. */
final class PueOverride implements IntensitySource {

    private final IntensitySource delegate;
    private final double pue;

    PueOverride(IntensitySource delegate, double pue) {
        this.delegate = delegate;
        this.pue = pue;
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        return delegate.gramsPerKwh(epochMillis);
    }

    @Override
    public double pue() {
        return pue;
    }

    @Override
    public long nextChangeAfter(long epochMillis) {
        return delegate.nextChangeAfter(epochMillis);
    }

    @Override
    public IntensityReading readingAt(long epochMillis) {
        IntensityReading r = delegate.readingAt(epochMillis);
        return new IntensityReading(r.gramsPerKwh(), pue, r.provenance());
    }
}
