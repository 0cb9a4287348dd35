package io.github.energy4j.agent.extender;

import io.github.energy4j.agent.carbon.CarbonOptions;
import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.UnknownZoneException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid intensity of each zone, opened once per zone and kept: the configured live provider when there is one
 * (it refreshes in the background and falls back to the embedded figure), the embedded figure otherwise. A zone the
 * data does not know answers its cloud's average, or the world average, flagged estimated with the reason; the
 * provenance of each zone is logged once. Thread-safe.
 */
public final class ZoneIntensities {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneIntensities.class);

    private final String provider;
    private final Map<String, String> env;
    private final Map<String, IntensitySource> byZone = new ConcurrentHashMap<>();

    /**
     * @param provider live provider id ({@code electricitymaps}, ...) or empty for the embedded data only
     * @param env      environment with the provider's tokens and URLs
     */
    public ZoneIntensities(String provider, Map<String, String> env) {
        this.provider = provider;
        this.env = Map.copyOf(env);
    }

    /** The reading for {@code zone} now; an empty zone answers the world average, flagged estimated. */
    public IntensityReading reading(String zone) {
        return byZone.computeIfAbsent(zone, this::open).readingAt(System.currentTimeMillis());
    }

    private IntensitySource open(String zone) {
        IntensitySource s = openQuietly(zone);
        IntensityReading r = s.readingAt(System.currentTimeMillis());
        LOG.info("zone '{}': {} g/kWh x PUE {} ({})", zone, r.gramsPerKwh(), r.pue(), r.provenance());
        return s;
    }

    private IntensitySource openQuietly(String zone) {
        if (!provider.isEmpty() && !zone.isEmpty()) {
            try {
                boolean region = zone.indexOf(':') > 0 || zone.indexOf('-') > 0;
                return CarbonOptions.of(region ? zone : null, region ? null : zone, provider).gridIntensity(env);
            } catch (UnknownZoneException e) {
                LOG.warn("zone '{}' unknown to the embedded data, {} not asked: {}", zone, provider, e.getMessage());
            } catch (IllegalArgumentException e) {
                LOG.warn("{} cannot serve zone '{}' ({}); embedded data used", provider, zone, e.getMessage());
            }
        }
        return CarbonIntensities.embedded(zone);
    }
}
