package io.github.energy4j.testing;

import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.PowerSourceProvider;

/** energy-core's own providers, for other modules' tests that list providers explicitly (the package is not exported). */
public final class CoreProviders {

    private CoreProviders() {
    }

    /** The CPU power model, the embedded default where no sensor exists. */
    public static PowerSourceProvider cpuModel() {
        return new CpuPowerModelProvider();
    }
}
