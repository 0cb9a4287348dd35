package io.github.energy4j.carbon.window;

import io.github.energy4j.carbon.IntensityPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Carbon-aware scheduling over a forecast: the best start for a job of known duration before a deadline
 * (time shifting) and the best region among candidates (region shifting).
 *
 * <p>The window average is exact over piecewise-constant buckets, so windows may start or end inside a
 * bucket. The average as a function of the start time is piecewise linear, with corners only where the
 * window's start or end meets a bucket boundary; so the minimum is found by checking those starts (plus
 * the earliest and latest allowed), not by stepping through time.
 */
public final class CarbonWindows {

    private CarbonWindows() {
    }

    /**
     * Time-weighted average intensity of {@code forecast} over {@code [start, end)}; NaN when any part of the
     * range has no bucket.
     */
    public static double averageGramsPerKwh(List<IntensityPoint> forecast, Instant start, Instant end) {
        long s = start.toEpochMilli();
        long e = end.toEpochMilli();
        if (e <= s) {
            throw new IllegalArgumentException("end must be after start");
        }
        double weighted = 0;
        long covered = 0;
        for (IntensityPoint p : forecast) {
            long ps = Math.max(s, p.start().toEpochMilli());
            long pe = Math.min(e, p.end().toEpochMilli());
            if (pe > ps) {
                weighted += p.gramsPerKwh() * (pe - ps);
                covered += pe - ps;
            }
        }
        return covered == e - s ? weighted / covered : Double.NaN;
    }

    /**
     * The start in {@code [notBefore, deadline − duration]} with the lowest average forecast intensity; among
     * equal averages the earliest. Savings compare with starting at {@code notBefore}.
     *
     * @param forecast   buckets (any order, non-overlapping)
     * @param notBefore  earliest start, usually now
     * @param deadline   the job must have finished by then
     * @param duration   how long the job runs
     * @param energyKwh  expected energy of the job, kWh (for the savings)
     * @param pue        facility PUE (1.0 if the energy is already wall-side)
     * @return empty when no window inside the forecast fits before the deadline
     */
    public static Optional<WindowChoice> bestStart(List<IntensityPoint> forecast, Instant notBefore, Instant deadline,
                                                   Duration duration, double energyKwh, double pue) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        Instant latest = deadline.minus(duration);
        if (latest.isBefore(notBefore)) {
            return Optional.empty();
        }
        TreeSet<Instant> candidates = new TreeSet<>();
        candidates.add(notBefore);
        candidates.add(latest);
        for (IntensityPoint p : forecast) {
            for (Instant boundary : new Instant[] {p.start(), p.end()}) {
                addIfWithin(candidates, boundary, notBefore, latest);
                addIfWithin(candidates, boundary.minus(duration), notBefore, latest);
            }
        }
        Instant best = null;
        double bestAvg = Double.NaN;
        for (Instant s : candidates) {
            double avg = averageGramsPerKwh(forecast, s, s.plus(duration));
            if (!Double.isNaN(avg) && (best == null || avg < bestAvg - 1e-9)) {
                best = s;
                bestAvg = avg;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        double nowAvg = averageGramsPerKwh(forecast, notBefore, notBefore.plus(duration));
        double gramsBest = energyKwh * pue * bestAvg;
        double gramsNow = energyKwh * pue * nowAvg;
        double saved = gramsNow - gramsBest;
        double percent = gramsNow > 0 ? saved / gramsNow * 100.0 : 0.0;
        return Optional.of(new WindowChoice(best, best.plus(duration), bestAvg, nowAvg, gramsBest, gramsNow, saved, percent));
    }

    private static void addIfWithin(TreeSet<Instant> set, Instant t, Instant lo, Instant hi) {
        if (!t.isBefore(lo) && !t.isAfter(hi)) {
            set.add(t);
        }
    }

    /**
     * The region and start time with the lowest expected emissions among {@code forecasts} (region id → its
     * forecast). Savings compare with starting at {@code notBefore} in {@code baselineRegion}.
     *
     * @return empty when no region has a forecast window that fits
     * @throws IllegalArgumentException when {@code baselineRegion} is not a candidate
     */
    public static Optional<RegionChoice> bestRegion(Map<String, List<IntensityPoint>> forecasts, String baselineRegion,
                                                    Instant notBefore, Instant deadline, Duration duration,
                                                    double energyKwh, double pue) {
        Map<String, Double> same = new java.util.LinkedHashMap<>();
        for (String region : forecasts.keySet()) {
            same.put(region, pue);
        }
        return bestRegion(forecasts, same, baselineRegion, notBefore, deadline, duration, energyKwh);
    }

    /**
     * Like {@link #bestRegion(Map, String, Instant, Instant, Duration, double, double)} with each region's own PUE
     * (clouds differ: 1.135 on AWS, 1.09 in GCP europe-west1), so regions are ranked by expected grams, not by
     * grid intensity alone: 100 g/kWh at PUE 1.5 loses to 110 g/kWh at PUE 1.1.
     *
     * @param pueByRegion PUE per candidate region, {@code >= 1}; every candidate needs one
     * @throws IllegalArgumentException when {@code baselineRegion} is not a candidate or a candidate has no PUE
     */
    public static Optional<RegionChoice> bestRegion(Map<String, List<IntensityPoint>> forecasts,
                                                    Map<String, Double> pueByRegion, String baselineRegion,
                                                    Instant notBefore, Instant deadline, Duration duration,
                                                    double energyKwh) {
        if (!forecasts.containsKey(baselineRegion)) {
            throw new IllegalArgumentException("baseline region '" + baselineRegion + "' is not among the candidates "
                    + forecasts.keySet());
        }
        for (String region : forecasts.keySet()) {
            Double p = pueByRegion.get(region);
            if (p == null || !(p >= 1.0) || p.isInfinite()) {
                throw new IllegalArgumentException("region '" + region + "' needs a PUE >= 1.0, has " + p);
            }
        }
        List<Map.Entry<String, WindowChoice>> choices = new ArrayList<>();
        for (Map.Entry<String, List<IntensityPoint>> e : forecasts.entrySet()) {
            bestStart(e.getValue(), notBefore, deadline, duration, energyKwh, pueByRegion.get(e.getKey()))
                    .ifPresent(w -> choices.add(Map.entry(e.getKey(), w)));
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        // rank by facility-side grams per kWh of IT energy (intensity x PUE): right even when energyKwh is 0
        choices.sort(Comparator.comparingDouble((Map.Entry<String, WindowChoice> c) ->
                c.getValue().averageGramsPerKwh() * pueByRegion.get(c.getKey())));
        Map.Entry<String, WindowChoice> best = choices.get(0);
        double baselineAvg = averageGramsPerKwh(forecasts.get(baselineRegion), notBefore, notBefore.plus(duration));
        double gramsNow = energyKwh * pueByRegion.get(baselineRegion) * baselineAvg;
        double saved = gramsNow - best.getValue().gramsAtChoice();
        double percent = gramsNow > 0 ? saved / gramsNow * 100.0 : Double.NaN;
        return Optional.of(new RegionChoice(best.getKey(), best.getValue(), baselineRegion, saved, percent));
    }

    /**
     * The candidate region (and start time there) with the lowest expected emissions.
     *
     * @param region        the chosen candidate's id
     * @param window        best start in that region; its savings compare with running now in that region
     * @param baselineRegion the region the savings below compare with (where the job would run now)
     * @param savedGrams    grams saved versus running now in {@code baselineRegion}
     * @param savedPercent  that as a percentage
     */
    public record RegionChoice(String region, WindowChoice window, String baselineRegion, double savedGrams,
                               double savedPercent) {
    }

    /**
     * A start time chosen for a job, and what it saves compared with starting at the earliest allowed time.
     *
     * @param start                    chosen start
     * @param end                      start + duration
     * @param averageGramsPerKwh       time-weighted forecast intensity over the chosen window
     * @param runNowAverageGramsPerKwh same over the window starting at the earliest allowed time
     * @param gramsAtChoice            expected grams for the energy estimate at the chosen time (PUE included)
     * @param gramsIfRunNow            expected grams if started at the earliest allowed time
     * @param savedGrams               gramsIfRunNow − gramsAtChoice (0 when now is best)
     * @param savedPercent             savedGrams as a percentage of gramsIfRunNow
     */
    public record WindowChoice(Instant start, Instant end, double averageGramsPerKwh, double runNowAverageGramsPerKwh,
                               double gramsAtChoice, double gramsIfRunNow, double savedGrams, double savedPercent) {
    }
}
