package io.github.energy4j.carbon.sci;

import io.github.energy4j.carbon.CarbonConverter;
import io.github.energy4j.carbon.CarbonResult;
import io.github.energy4j.carbon.IntensitySource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Computes SCI per period: E·I from a {@link CarbonConverter} (time-resolved intensity), M from
 * {@link EmbodiedEmissions}, R from a counter the application supplies (requests served, jobs done). Each
 * {@link #score} uses the counter's increase since the previous call (or since {@link Builder#build()} time).
 *
 * <pre>{@code
 * AtomicLong requests = ...;
 * SciCalculator sci = SciCalculator.builder()
 *         .intensity(CarbonIntensities.country("DE"))
 *         .embodied(EmbodiedEmissions.wholeMachine(1_000_000, Duration.ofDays(4 * 365)))
 *         .functionalUnits(requests::get)
 *         .build();
 * SciScore s = sci.score(start, end, energyKwh);   // grams per request
 * }</pre>
 *
 * Not thread-safe: call {@link #score} from one thread.
 */
public final class SciCalculator {

    private final CarbonConverter converter;
    private final EmbodiedEmissions embodied;
    private final DoubleSupplier units;
    private double lastUnits;

    private SciCalculator(Builder b) {
        this.converter = CarbonConverter.builder().intensity(b.intensity).build();
        this.embodied = b.embodied;
        this.units = b.units;
        this.lastUnits = units.getAsDouble();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Score for energy {@code energyKwh} used between {@code start} and {@code end}; R is the counter's increase
     * since the last call.
     */
    public SciScore score(Instant start, Instant end, double energyKwh) {
        CarbonResult op = converter.convert(start, end, energyKwh);
        double m = embodied == null ? 0 : embodied.gramsFor(Duration.between(start, end));
        double now = units.getAsDouble();
        double r = now - lastUnits;
        lastUnits = now;
        return SciScore.of(op.carbonGrams(), m, r, op.estimated());
    }

    /** Builder; validated at {@link #build()}. */
    public static final class Builder {
        private IntensitySource intensity;
        private EmbodiedEmissions embodied;
        private DoubleSupplier units;

        private Builder() {
        }

        /** I: where intensities come from (required). */
        public Builder intensity(IntensitySource intensity) {
            this.intensity = intensity;
            return this;
        }

        /** M: embodied emissions; leave unset to score operational emissions only. */
        public Builder embodied(EmbodiedEmissions embodied) {
            this.embodied = embodied;
            return this;
        }

        /** R: a monotonic counter of functional units. */
        public Builder functionalUnits(DoubleSupplier counter) {
            this.units = counter;
            return this;
        }

        /** R: a monotonic integer counter of functional units (requests, jobs). */
        public Builder functionalUnits(LongSupplier counter) {
            if (counter == null) {
                this.units = null;
                return this;
            }
            this.units = () -> (double) counter.getAsLong();
            return this;
        }

        public SciCalculator build() {
            if (intensity == null) {
                throw new IllegalArgumentException("intensity is required, e.g. CarbonIntensities.country(\"DE\")");
            }
            if (units == null) {
                throw new IllegalArgumentException("functionalUnits counter is required (R in SCI), e.g. requests::get");
            }
            return new SciCalculator(this);
        }
    }
}
