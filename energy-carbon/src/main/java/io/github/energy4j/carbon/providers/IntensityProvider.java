package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.IntensitySource;

/**
 * Service-provider interface for grid-intensity sources, discovered with {@link java.util.ServiceLoader}
 * (register in {@code META-INF/services/io.github.energy4j.carbon.providers.IntensityProvider}).
 *
 * <p>The constructor is cheap and side-effect free; {@link #probe} never throws.
 */
public interface IntensityProvider {

    /** Stable id used on the command line and in provenance: {@code electricitymaps}, {@code embedded}, … */
    String id();

    /** One line for listings. */
    String description();

    /** Higher wins when several are available and none is forced. */
    int priority();

    /** Whether {@code config} is enough for this provider; checks configuration only, no network. Never throws. */
    ProviderProbe probe(ProviderConfig config);

    /**
     * A source for {@code config}. The built-in remote providers return a source that is already refreshing in
     * a background daemon thread and answers from its cache, falling back to {@link ProviderConfig#fallback()};
     * it is {@link AutoCloseable} (close it to stop the thread).
     *
     * @throws IllegalArgumentException when {@code config} lacks what {@link #probe} reports missing
     */
    IntensitySource open(ProviderConfig config);
}
