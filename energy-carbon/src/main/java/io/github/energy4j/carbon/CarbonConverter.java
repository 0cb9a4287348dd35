package io.github.energy4j.carbon;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.Provenance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts energy to CO2e with the intensity valid at each moment: an interval is cut at bucket boundaries
 * (multiples of {@code bucket} since the epoch) and wherever the source's own figure changes
 * ({@link IntensitySource#nextChangeAfter(long)}), its energy is spread evenly over time, and each piece is
 * multiplied by the intensity valid in it and by the PUE that goes with that figure (unless one is forced).
 * One kWh over an hour at 100 g/kWh for the first half and 300 g/kWh for the second is 200 g, never 100 or 300.
 *
 * <pre>{@code
 * CarbonConverter c = CarbonConverter.builder().intensity(CarbonIntensities.country("FR")).build();
 * CarbonResult r = c.convert(start, end, 0.25);   // kWh
 * r.carbonGrams();
 *
 * EnergyScope s = meter.scope("checkout");
 * try (s) {
 *     checkout();
 * }
 * c.convert(s).carbonGrams();                      // CPU + GPU joules of the scope, ending now
 * }</pre>
 *
 * Thread-safe if the intensity source is (all in this module are).
 */
public final class CarbonConverter {

    /** Default bucket: 5 minutes, the finest granularity the supported services publish. */
    public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(5);

    private final IntensitySource intensity;
    private final long bucketMillis;
    private final double pueOverride;

    private CarbonConverter(Builder b) {
        this.intensity = b.intensity;
        this.bucketMillis = b.bucket.toMillis();
        this.pueOverride = b.pue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** grams CO2e = kWh × PUE × g/kWh: the one formula everything here applies per bucket. */
    public static double carbonGrams(double energyKwh, double pue, double gramsPerKwh) {
        return energyKwh * pue * gramsPerKwh;
    }

    /** kWh from joules (1 kWh = 3.6 MJ). */
    public static double kwhFromJoules(double joules) {
        return joules / 3_600_000.0;
    }

    /**
     * CO2e of {@code energyKwh} drawn evenly between {@code start} and {@code end}.
     *
     * @throws IllegalArgumentException when {@code end} is before {@code start} or the energy is negative
     */
    public CarbonResult convert(Instant start, Instant end, double energyKwh) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (!(energyKwh >= 0)) {
            throw new IllegalArgumentException("energyKwh must be >= 0, was " + energyKwh);
        }
        long s = start.toEpochMilli();
        long e = end.toEpochMilli();
        List<IntensityProvenance> provenances = new ArrayList<>(2);
        if (s == e) {
            IntensityReading r = intensity.readingAt(s);
            double pue = pueAt(r);
            provenances.add(r.provenance());
            double g = carbonGrams(energyKwh, pue, r.gramsPerKwh());
            return new CarbonResult(energyKwh, g, r.gramsPerKwh(), pue, r.provenance().estimated() || !r.known(), provenances);
        }
        double total = e - s;
        double grams = 0;
        double facilityKwh = 0;
        boolean estimated = false;
        long t = s;
        while (t < e) {
            long next = Math.min(e, Math.floorDiv(t, bucketMillis) * bucketMillis + bucketMillis);
            long change = intensity.nextChangeAfter(t);
            if (change > t && change < next) {
                next = change; // the source's own bucket ends inside ours: never let one piece span two figures
            }
            IntensityReading r = intensity.readingAt(t + (next - t) / 2);
            double pue = pueAt(r);
            double pieceKwh = energyKwh * ((next - t) / total);
            grams += carbonGrams(pieceKwh, pue, r.gramsPerKwh());
            facilityKwh += pieceKwh * pue;
            estimated |= r.provenance().estimated() || !r.known();
            if (!provenances.contains(r.provenance())) {
                provenances.add(r.provenance());
            }
            t = next;
        }
        double pue = energyKwh > 0 ? facilityKwh / energyKwh : pueAt(intensity.readingAt(s));
        return new CarbonResult(energyKwh, grams, facilityKwh > 0 ? grams / facilityKwh : Double.NaN, pue, estimated,
                provenances);
    }

    /**
     * CO2e of a finished scope's CPU plus GPU energy ({@link EnergyReading#joules()}), drawn evenly over
     * the {@link EnergyReading#elapsed()} that ends now: a reading has no start time, so this assumes it was
     * just taken (convert right after the scope closes). For a reading that ended earlier use
     * {@link #convert(EnergyReading, Instant)}.
     *
     * <p>Unlike {@link EnergyReading#carbonGrams()}, which uses the meter's grid intensity, this applies this
     * converter's intensity source and PUE, cut at its buckets.
     *
     * @return as {@link #convert(Instant, Instant, double)}, except that {@link CarbonResult#estimated()} is
     *         also true when the energy itself is estimated ({@link EnergyReading#source()} or
     *         {@link EnergyReading#gpuSource()} {@code ESTIMATED}); when the reading has no energy figure
     *         ({@code source()} {@code UNAVAILABLE}, joules NaN) energy and grams are NaN and it is estimated
     */
    public CarbonResult convert(EnergyReading reading) {
        return convert(reading, Instant.now());
    }

    /**
     * CO2e of a finished scope's CPU plus GPU energy, drawn evenly over the {@link EnergyReading#elapsed()}
     * that ends at {@code end}; otherwise as {@link #convert(EnergyReading)}.
     *
     * @throws IllegalArgumentException when the reading's energy or elapsed time is negative
     */
    public CarbonResult convert(EnergyReading reading, Instant end) {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(end, "end");
        Instant start = end.minus(reading.elapsed());
        double joules = reading.joules();
        if (Double.isNaN(joules)) {
            // no price for the CPU energy: the grams are unknown, not those of the GPU part alone
            CarbonResult r = convert(start, end, 0);
            return new CarbonResult(Double.NaN, Double.NaN, r.averageGramsPerKwh(), r.pue(), true, r.provenances());
        }
        CarbonResult r = convert(start, end, kwhFromJoules(joules));
        boolean energyEstimated = reading.source() != Provenance.MEASURED || reading.gpuSource() != Provenance.MEASURED;
        if (!energyEstimated || r.estimated()) {
            return r;
        }
        return new CarbonResult(r.energyKwh(), r.carbonGrams(), r.averageGramsPerKwh(), r.pue(), true,
                r.provenances());
    }

    /**
     * CO2e of a closed scope: {@link #convert(EnergyReading)} of {@link EnergyScope#result()}.
     *
     * @throws IllegalStateException when the scope is still open
     */
    public CarbonResult convert(EnergyScope scope) {
        return convert(Objects.requireNonNull(scope, "scope").result());
    }

    /** The PUE for a piece: the override, else the one that goes with the figure used (a fallback's may differ). */
    private double pueAt(IntensityReading r) {
        return Double.isNaN(pueOverride) ? r.pue() : pueOverride;
    }

    /** Builder; validated at {@link #build()}. */
    public static final class Builder {
        private IntensitySource intensity;
        private Duration bucket = DEFAULT_BUCKET;
        private double pue = Double.NaN;

        private Builder() {
        }

        /** Where intensities come from (required). */
        public Builder intensity(IntensitySource intensity) {
            this.intensity = intensity;
            return this;
        }

        /** Bucket length; intervals are cut at multiples of it. Default {@link #DEFAULT_BUCKET}. */
        public Builder bucket(Duration bucket) {
            this.bucket = bucket;
            return this;
        }

        /** PUE to apply instead of the source's. */
        public Builder pue(double pue) {
            this.pue = pue;
            return this;
        }

        public CarbonConverter build() {
            if (intensity == null) {
                throw new IllegalArgumentException("intensity is required, e.g. CarbonIntensities.country(\"FR\")");
            }
            if (bucket == null || bucket.toMillis() <= 0) {
                throw new IllegalArgumentException("bucket must be at least 1 ms, was " + bucket);
            }
            if (!Double.isNaN(pue) && !(pue >= 1.0)) {
                throw new IllegalArgumentException("pue must be >= 1.0, was " + pue);
            }
            return new CarbonConverter(this);
        }
    }
}
