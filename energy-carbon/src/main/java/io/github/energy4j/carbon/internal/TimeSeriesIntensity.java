package io.github.energy4j.carbon.internal;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Intensity from a time series of buckets (a history, a forecast, a CSV file). Outside the buckets it
 * answers NaN, so a {@link CarbonIntensities#chain chain} can fall through to the next source.
 *
 * <p>Immutable and thread-safe; {@link #gramsPerKwh(long)} is a binary search over primitive arrays.
 *
 * <p>Not exported: applications create it with {@link CarbonIntensities#timeSeries(List, double, IntensityProvenance)};
 * it is public inside the module because the live providers read its buckets by index, allocation-free, on the
 * sampler's path.
 */
public final class TimeSeriesIntensity implements IntensitySource {

    private final long[] startMillis;
    private final long[] endMillis;
    private final double[] values;
    private final List<IntensityPoint> points;
    private final double pue;
    private final IntensityProvenance provenance;

    /**
     * @param points     buckets in any order; overlapping buckets are rejected
     * @param pue        power usage effectiveness, {@code >= 1}
     * @param provenance where the series comes from
     */
    public TimeSeriesIntensity(List<IntensityPoint> points, double pue, IntensityProvenance provenance) {
        FixedIntensity.checkPue(pue);
        List<IntensityPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(IntensityPoint::start));
        int n = sorted.size();
        this.startMillis = new long[n];
        this.endMillis = new long[n];
        this.values = new double[n];
        for (int i = 0; i < n; i++) {
            IntensityPoint p = sorted.get(i);
            startMillis[i] = p.start().toEpochMilli();
            endMillis[i] = p.end().toEpochMilli();
            values[i] = p.gramsPerKwh();
            if (i > 0 && startMillis[i] < endMillis[i - 1]) {
                throw new IllegalArgumentException("buckets overlap at " + p.start() + ": each instant needs one value");
            }
        }
        this.points = List.copyOf(sorted);
        this.pue = pue;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** The buckets, sorted by start. */
    public List<IntensityPoint> points() {
        return points;
    }

    /** Index of the bucket covering {@code epochMillis}, or -1. */
    public int indexAt(long epochMillis) {
        int lo = 0;
        int hi = startMillis.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (startMillis[mid] <= epochMillis) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // hi = last bucket starting at or before epochMillis
        return hi >= 0 && epochMillis < endMillis[hi] ? hi : -1;
    }

    /** Index of the last bucket starting at or before {@code epochMillis}, or -1. */
    public int lastIndexStartingBy(long epochMillis) {
        int lo = 0;
        int hi = startMillis.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (startMillis[mid] <= epochMillis) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** Inclusive start of bucket {@code index}, epoch milliseconds. */
    public long startMillisAtIndex(int index) {
        return startMillis[index];
    }

    /** The next bucket start or end after {@code epochMillis}; {@link Long#MAX_VALUE} after the last bucket. */
    @Override
    public long nextChangeAfter(long epochMillis) {
        int i = lastIndexStartingBy(epochMillis);
        if (i >= 0 && epochMillis < endMillis[i]) {
            return endMillis[i];
        }
        return i + 1 < startMillis.length ? startMillis[i + 1] : Long.MAX_VALUE;
    }

    /** Value of bucket {@code index} in g/kWh. */
    public double valueAtIndex(int index) {
        return values[index];
    }

    /** Exclusive end of bucket {@code index}, epoch milliseconds. */
    public long endMillisAtIndex(int index) {
        return endMillis[index];
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        int i = indexAt(epochMillis);
        return i < 0 ? Double.NaN : values[i];
    }

    @Override
    public double pue() {
        return pue;
    }

    @Override
    public IntensityReading readingAt(long epochMillis) {
        return new IntensityReading(gramsPerKwh(epochMillis), pue, provenance);
    }

    /** Provenance of the series as a whole. */
    public IntensityProvenance seriesProvenance() {
        return provenance;
    }

    @Override
    public String provenance() {
        return provenance.toString();
    }
}
