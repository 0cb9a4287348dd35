package io.github.energy4j.carbon.providers;

import io.github.energy4j.internal.service.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers {@link IntensityProvider}s with {@link ServiceLoader} through the thread context class loader;
 * a broken provider is skipped, not fatal.
 */
public final class IntensityProviders {

    private static final Logger LOG = LoggerFactory.getLogger(IntensityProviders.class);

    private IntensityProviders() {
    }

    /**
     * All providers visible to the calling thread's context class loader (this class's own loader when the
     * thread has none), highest priority first: the same loader the meter uses for power sources, so a
     * provider in an application's or plugin's class path is found. A provider that fails to load is
     * skipped with a warning.
     */
    public static List<IntensityProvider> all() {
        return Providers.all(ServiceLoader.load(IntensityProvider.class, Providers.loaderFor(IntensityProvider.class)),
                IntensityProvider::priority, "carbon intensity provider");
    }

    /** The provider with this id (case-insensitive), among {@link #all()}. */
    public static Optional<IntensityProvider> find(String id) {
        for (IntensityProvider p : all()) {
            if (p.id().equalsIgnoreCase(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The ids of all providers, comma-separated, for error messages. */
    public static String ids() {
        List<String> ids = new ArrayList<>();
        for (IntensityProvider p : all()) {
            ids.add(p.id());
        }
        return String.join(", ", ids);
    }
}
