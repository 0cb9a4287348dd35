package io.github.energy4j.carbon.providers;

import java.util.Objects;

/**
 * Whether a provider can work with a configuration, and if not why and what to do.
 *
 * @param available whether {@link IntensityProvider#open} is expected to give figures
 * @param reason    why not (empty when available)
 * @param remedy    what to set or install (empty when nothing is needed)
 */
public record ProviderProbe(boolean available, String reason, String remedy) {

    public ProviderProbe {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(remedy, "remedy");
    }

    public static ProviderProbe ok() {
        return new ProviderProbe(true, "", "");
    }

    public static ProviderProbe unavailable(String reason, String remedy) {
        return new ProviderProbe(false, reason, remedy);
    }
}
