package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import java.time.Instant;
import java.util.List;

/**
 * Blocking access to one remote intensity service for one zone. Called from a background thread
 * ({@link LiveIntensity}) or a command line, never from the sampler. Thread-safe.
 */
public interface IntensityFeed {

    /** Provider id ({@code electricitymaps}, {@code watttime}, …). */
    String providerId();

    /** The provider-specific zone this feed reads ({@code FR}, {@code CAISO_NORTH}, {@code 13}, {@code eastus}). */
    String zone();

    /** The latest figure and, where the service gives it in the same call, the buckets ahead of it. */
    FeedSnapshot fetchCurrent() throws FeedException;

    /** Forecast buckets from now on. */
    default List<IntensityPoint> fetchForecast() throws FeedException {
        throw new FeedException(FeedException.Kind.NOT_SUPPORTED, providerId() + " offers no forecast");
    }

    /** Past buckets between {@code from} and {@code to}. */
    default List<IntensityPoint> fetchHistory(Instant from, Instant to) throws FeedException {
        throw new FeedException(FeedException.Kind.NOT_SUPPORTED, providerId() + " offers no history");
    }
}
