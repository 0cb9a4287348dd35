package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;

/** Base for providers backed by a blocking {@link IntensityFeed}: open() wraps the feed in a started {@link LiveIntensity}. */
public abstract class RemoteIntensityProvider implements IntensityProvider {

    /**
     * The blocking feed for {@code config}; cheap (no network until a fetch).
     *
     * @throws IllegalArgumentException when {@code config} lacks what {@link #probe} reports missing
     */
    public final IntensityFeed feed(ProviderConfig config) {
        ProviderProbe probe = probe(config);
        if (!probe.available()) {
            throw new IllegalArgumentException(id() + " cannot run: " + probe.reason() + "; " + probe.remedy());
        }
        return newFeed(config);
    }

    /** The feed for a {@code config} that {@link #probe} accepted. */
    protected abstract IntensityFeed newFeed(ProviderConfig config);

    @Override
    public IntensitySource open(ProviderConfig config) {
        IntensityFeed feed = feed(config);
        IntensitySource fallback = config.fallback().orElseGet(CarbonIntensities::worldAverage);
        return new LiveIntensity(feed, fallback, config.pue(), config.refreshInterval(), config.maxStaleness())
                .start();
    }
}
