package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.TimeSeriesIntensity;
import java.time.Duration;
import java.time.Instant;
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
 * buckets. When the cache has no bucket for the asked time it answers, in order:
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

    /** Cached result of the last successful fetch; replaced whole so readers see a consistent pair. */
    private static final class Cache {
        final TimeSeriesIntensity series;
        final IntensityProvenance provenance;

        Cache(TimeSeriesIntensity series, IntensityProvenance provenance) {
            this.series = series;
            this.provenance = provenance;
        }
    }

    private final IntensityFeed feed;
    private final IntensitySource fallback;
    private final double pue;
    private final Duration refreshInterval;
    private final long maxStalenessMillis;
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
            cache = new Cache(new TimeSeriesIntensity(snapshot.points(), pue, snapshot.provenance()),
                    snapshot.provenance());
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
                return s.gramsPerKwh(epochMillis);
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

    @Override
    public IntensityReading readingAt(long epochMillis) {
        Cache c = cache;
        String error = lastError;
        if (c != null) {
            if (c.series.indexAt(epochMillis) >= 0) {
                return new IntensityReading(c.series.gramsPerKwh(epochMillis), pue, c.provenance);
            }
            double stale = staleValue(c.series, epochMillis);
            if (!Double.isNaN(stale)) {
                String why = "last good value, no fresher data for " + Instant.ofEpochMilli(epochMillis)
                        + (error == null ? "" : "; last error: " + error);
                return new IntensityReading(stale, pue, c.provenance.asEstimated(why));
            }
        }
        IntensityReading fb = fallback.readingAt(epochMillis);
        String why = feed.providerId() + " zone " + feed.zone() + " unavailable: "
                + (error == null ? "no data fetched yet" : error);
        return new IntensityReading(fb.gramsPerKwh(), fb.pue(), fb.provenance().asEstimated(why));
    }

    @Override
    public String toString() {
        return "LiveIntensity[" + feed.providerId() + " zone " + feed.zone() + ']';
    }
}
