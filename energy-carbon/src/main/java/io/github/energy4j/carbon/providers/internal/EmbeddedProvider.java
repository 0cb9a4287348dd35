package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;

/**
 * {@code embedded}: the yearly averages in the jar for a country code or cloud region; unknown or absent zones
 * answer the world average, flagged estimated. Always available, works offline.
 */
public final class EmbeddedProvider implements IntensityProvider {

    @Override
    public String id() {
        return "embedded";
    }

    @Override
    public String description() {
        return "yearly averages shipped in the jar (OWID/Ember countries, Cloud Carbon Footprint regions)";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        return ProviderProbe.ok();
    }

    /** The embedded figure for the configured zone, with the configured PUE when one is set. */
    @Override
    public IntensitySource open(ProviderConfig config) {
        IntensitySource s = CarbonIntensities.embedded(config.zone().orElse(null));
        if (Double.isNaN(config.pue())) {
            return s;
        }
        IntensityReading r = s.readingAt(0); // embedded figures are constant
        return CarbonIntensities.fixed(r.gramsPerKwh(), config.pue(), r.provenance());
    }
}
