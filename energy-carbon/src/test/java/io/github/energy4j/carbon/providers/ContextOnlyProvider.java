package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensitySource;

/**
 * A provider registered nowhere on the class path: {@link IntensityProvidersTest} names it in a
 * {@code META-INF/services} file that only a custom context class loader can see.
 */
public final class ContextOnlyProvider implements IntensityProvider {

    @Override
    public String id() {
        return "context-only";
    }

    @Override
    public String description() {
        return "test provider seen only through the thread context class loader";
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        return ProviderProbe.ok();
    }

    @Override
    public IntensitySource open(ProviderConfig config) {
        return CarbonIntensities.fixed(123);
    }
}
