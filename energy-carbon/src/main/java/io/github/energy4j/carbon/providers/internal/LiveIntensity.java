package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.internal.TimeSeriesIntensity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote intensity that never blocks its readers: a background daemon thread fetches from an
 * {@link IntensityFeed} every refresh interval and {@link #gramsPerKwh(long)} answers from the cached
 * buckets. A fetch replaces the buckets from its first one on and keeps the earlier ones for
 * {@link #HISTORY_RETENTION} (each with the provenance it was fetched with), so an interval converted after
 * the next refresh still gets the figures that were valid during it, not the fallback: most services answer
 * "latest" with the current bucket only. When the cache has no bucket for the asked time it answers, in order:
 * <ol>
 *   <li>the last good value, if its bucket ended less than {@code maxStaleness} ago (flagged estimated);</li>
 *   <li>the fallback source (usually the embedded yearly average; flagged estimated, naming the last error).</li>
 * </ol>
 *
 * <p>Thread-safe: one writer (the refresh thread, or a caller of {@link #refreshNow()}), any number of readers.
 * {@link #gramsPerKwh(long)} does not allocate.
 */
public final class LiveIntensity implements IntensitySource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveIntensity.class);

    /** How long buckets from earlier fetches are kept after they ended: 24 h. */
    public static final Duration HISTORY_RETENTION = Duration.ofHours(24);
    /** Most buckets kept (24 h of 5-minute buckets is 288; a long forecast can be more). */
    static final int MAX_POINTS = 4096;

    /** Cached buckets with one provenance per bucket; replaced whole so readers see a consistent pair. */
    private static final class Cache {
        final TimeSeriesIntensity series;
        final IntensityProvenance[] provenances;

        Cache(TimeSeriesIntensity series, IntensityProvenance[] provenances) {
            this.series = series;
            this.provenances = provenances;
        }
    }

    private final IntensityFeed feed;
    private final IntensitySource fallback;
    private final double pue;
    private final Duration refreshInterval;
    private final long maxStalenessMillis;
    private final Object mergeLock = new Object();
    private volatile Cache cache;
    private volatile String lastError;
    private volatile boolean warned;
    private ScheduledExecutorService executor;

    /**
     * @param feed            where figures come from
     * @param fallback        what to answer before the first fetch and during outages
     * @param pue             PUE to report; NaN takes the fallback's
     * @param refreshInterval time between fetches
     * @param maxStaleness    how long a last good value may stand in after its bucket ended
     */
    public LiveIntensity(IntensityFeed feed, IntensitySource fallback, double pue, Duration refreshInterval,
                         Duration maxStaleness) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.pue = Double.isNaN(pue) ? fallback.pue() : pue;
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.maxStalenessMillis = maxStaleness.toMillis();
    }

    /** Starts background refreshes (first one immediately) on a daemon thread; returns this. Idempotent. */
    public synchronized LiveIntensity start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "energy4j-carbon-" + feed.providerId());
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::refreshQuietly, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Stops background refreshes; cached values stay readable. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void refreshQuietly() {
        refreshNow();
    }

    /**
     * Fetches now on the calling thread (blocking, bounded by the feed's timeouts).
     *
     * @return true when the cache was updated; on false {@link #lastError()} says why
     */
    public boolean refreshNow() {
        try {
            FeedSnapshot snapshot = feed.fetchCurrent();
            if (snapshot.points().isEmpty()) {
                throw new FeedException(FeedException.Kind.BAD_RESPONSE,
                        feed.providerId() + " returned no data points for zone " + feed.zone());
            }
            synchronized (mergeLock) { // a caller's refreshNow() may race the background one: neither loses buckets
                cache = merge(cache, snapshot, System.currentTimeMillis());
            }
            if (lastError != null) {
                LOG.info("{} zone {} is answering again", feed.providerId(), feed.zone());
            }
            lastError = null;
            return true;
        } catch (FeedException e) {
            recordFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            // a feed bug must not kill the refresh thread; the figure degrades to the fallback instead
            recordFailure(feed.providerId() + " failed: " + e, e);
        }
        return false;
    }

    /**
     * The new snapshot's buckets, preceded by the earlier cached buckets that end before its first one starts
     * (cut at that start) and ended less than {@link #HISTORY_RETENTION} before {@code nowMillis}.
     */
    private Cache merge(Cache old, FeedSnapshot snapshot, long nowMillis) {
        List<IntensityPoint> given = snapshot.points();
        Integer[] order = new Integer[given.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparing((Integer i) -> given.get(i).start()));
        Instant firstNew = given.get(order[0]).start();
        List<IntensityPoint> points = new ArrayList<>(given.size() + 16);
        List<IntensityProvenance> provenances = new ArrayList<>(given.size() + 16);
        if (old != null) {
            long keepEndingAfter = nowMillis - HISTORY_RETENTION.toMillis();
            List<IntensityPoint> earlier = old.series.points();
            for (int i = 0; i < earlier.size(); i++) {
                IntensityPoint p = earlier.get(i);
                if (!p.start().isBefore(firstNew)) {
                    break; // sorted: the rest is covered by the new snapshot
                }
                if (p.end().toEpochMilli() <= keepEndingAfter) {
                    continue;
                }
                points.add(p.end().isAfter(firstNew) ? new IntensityPoint(p.start(), firstNew, p.gramsPerKwh()) : p);
                provenances.add(old.provenances[i]);
            }
        }
        for (Integer i : order) {
            points.add(given.get(i));
            provenances.add(snapshot.provenanceAt(i)); // a forecast among them stays flagged
        }
        int drop = Math.max(0, points.size() - MAX_POINTS);
        List<IntensityPoint> kept = points.subList(drop, points.size());
        IntensityProvenance[] keptProvenances = provenances.subList(drop, provenances.size())
                .toArray(new IntensityProvenance[0]);
        return new Cache(new TimeSeriesIntensity(kept, pue, snapshot.provenance()), keptProvenances);
    }

    private void recordFailure(String message, Exception e) {
        lastError = message;
        if (!warned) {
            warned = true;
            LOG.warn("Carbon intensity from {} zone {} unavailable, using last good value or fallback: {}",
                    feed.providerId(), feed.zone(), message);
        } else {
            LOG.debug("Carbon intensity from {} zone {} still unavailable: {}", feed.providerId(), feed.zone(), message, e);
        }
    }

    /** The message of the last failed fetch, empty after a successful one. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The feed behind this source (for forecasts and history). */
    public IntensityFeed feed() {
        return feed;
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        Cache c = cache;
        if (c != null) {
            TimeSeriesIntensity s = c.series;
            int i = s.indexAt(epochMillis);
            if (i >= 0) {
                return s.valueAtIndex(i);
            }
            double stale = staleValue(s, epochMillis);
            if (!Double.isNaN(stale)) {
                return stale;
            }
        }
        return fallback.gramsPerKwh(epochMillis);
    }

    private double staleValue(TimeSeriesIntensity s, long epochMillis) {
        int i = s.lastIndexStartingBy(epochMillis);
        if (i < 0 || epochMillis - s.endMillisAtIndex(i) > maxStalenessMillis) {
            return Double.NaN;
        }
        return s.valueAtIndex(i);
    }

    @Override
    public double pue() {
        return pue;
    }

    /**
     * Bucket boundaries of the cache, the time a last good value stops standing in, and the fallback's own
     * changes.
     */
    @Override
    public long nextChangeAfter(long epochMillis) {
        long next = fallback.nextChangeAfter(epochMillis);
        Cache c = cache;
        if (c == null) {
            return next;
        }
        TimeSeriesIntensity s = c.series;
        next = Math.min(next, s.nextChangeAfter(epochMillis));
        int i = s.lastIndexStartingBy(epochMillis);
        if (i >= 0) {
            long staleUntil = s.endMillisAtIndex(i) + maxStalenessMillis;
            if (staleUntil > epochMillis) {
                next = Math.min(next, staleUntil + 1); // the last good value answers up to and including staleUntil
            }
        }
        return next;
    }

    @Override
    public IntensityReading readingAt(long epochMillis) {
        Cache c = cache;
        String error = lastError;
        if (c != null) {
            int i = c.series.indexAt(epochMillis);
            if (i >= 0) {
                return new IntensityReading(c.series.valueAtIndex(i), pue, c.provenances[i]);
            }
            double stale = staleValue(c.series, epochMillis);
            if (!Double.isNaN(stale)) {
                int last = c.series.lastIndexStartingBy(epochMillis);
                // name the bucket, not the asked time, so every piece of a stale stretch shares one provenance
                String why = "last good value, from the bucket that ended "
                        + Instant.ofEpochMilli(c.series.endMillisAtIndex(last))
                        + (error == null ? "" : "; last error: " + error);
                return new IntensityReading(stale, pue, c.provenances[last].asEstimated(why));
            }
        }
        IntensityReading fb = fallback.readingAt(epochMillis);
        String why = feed.providerId() + " zone " + feed.zone() + " unavailable: "
                + (error == null ? "no data fetched yet" : error);
        // the PUE is this source's (configured, else the fallback's), the same one pue() gives the sampler
        return new IntensityReading(fb.gramsPerKwh(), pue, fb.provenance().asEstimated(why));
    }

    @Override
    public String toString() {
        return "LiveIntensity[" + feed.providerId() + " zone " + feed.zone() + ']';
    }
}
