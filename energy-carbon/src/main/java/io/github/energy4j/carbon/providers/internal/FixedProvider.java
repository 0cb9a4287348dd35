package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;

/** {@code fixed}: one constant figure from {@link ProviderConfig#fixedGramsPerKwh()}. */
public final class FixedProvider implements IntensityProvider {

    @Override
    public String id() {
        return "fixed";
    }

    @Override
    public String description() {
        return "a constant g/kWh figure you supply (--intensity)";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        double g = config.fixedGramsPerKwh();
        if (Double.isNaN(g)) {
            return ProviderProbe.unavailable("no fixed intensity configured", "pass --intensity <g/kWh>");
        }
        if (g < 0 || Double.isInfinite(g)) {
            return ProviderProbe.unavailable("fixed intensity " + g + " is not a finite number >= 0",
                    "pass --intensity with a value in g/kWh, e.g. 250");
        }
        return ProviderProbe.ok();
    }

    @Override
    public IntensitySource open(ProviderConfig config) {
        ProviderProbe probe = probe(config);
        if (!probe.available()) {
            throw new IllegalArgumentException("fixed: " + probe.reason() + "; " + probe.remedy());
        }
        return CarbonIntensities.fixed(config.fixedGramsPerKwh(), Double.isNaN(config.pue()) ? 1.0 : config.pue());
    }
}
