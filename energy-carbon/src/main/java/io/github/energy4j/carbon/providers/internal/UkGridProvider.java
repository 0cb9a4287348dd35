package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code ukgrid}: the GB Carbon Intensity API by NESO (no token; data CC BY 4.0), half-hourly. Zone: empty,
 * {@code GB} or {@code national} for Great Britain, or a region id {@code 1}–{@code 17}
 * ({@code /regional/regionid/{id}}). Env: {@code ENERGY4J_UKGRID_ZONE}, {@code ENERGY4J_UKGRID_URL}.
 */
public final class UkGridProvider extends RemoteIntensityProvider {

    /** Default base URL. */
    public static final URI DEFAULT_BASE = URI.create("https://api.carbonintensity.org.uk");
    static final String SOURCE = "Carbon Intensity API, National Energy System Operator (carbonintensity.org.uk), CC BY 4.0";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return UkGridParser.ID;
    }

    @Override
    public String description() {
        return "GB Carbon Intensity API (NESO), half-hourly national or regional, no token";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        String zone = config.zone().orElse("national");
        if (regionId(zone) < 0) {
            return ProviderProbe.unavailable("zone '" + zone + "' is not in Great Britain",
                    "use --zone GB for national figures or a region id 1-17 (1 = North Scotland, 13 = London)");
        }
        return ProviderProbe.ok();
    }

    /** 0 for national, 1..17 for a region, -1 when not a GB zone. */
    static int regionId(String zone) {
        String z = zone.trim().toUpperCase(Locale.ROOT);
        if (z.equals("NATIONAL") || z.equals("GB") || z.equals("GBR") || z.equals("UK")) {
            return 0;
        }
        try {
            int id = Integer.parseInt(z);
            return id >= 1 && id <= 17 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    protected IntensityFeed newFeed(ProviderConfig config) {
        return new Feed(config);
    }

    private static final class Feed implements IntensityFeed {
        private final int regionId;
        private final String base;
        private final HttpJsonClient http;

        Feed(ProviderConfig config) {
            this.regionId = regionId(config.zone().orElse("national"));
            this.base = ElectricityMapsProvider.stripSlash(config.baseUri().orElse(DEFAULT_BASE).toString());
            this.http = new HttpJsonClient(UkGridParser.ID, config.connectTimeout(), config.requestTimeout(),
                    "the URL (the API needs no token)");
        }

        @Override
        public String providerId() {
            return UkGridParser.ID;
        }

        @Override
        public String zone() {
            return regionId == 0 ? "GB" : "GB-region-" + regionId;
        }

        @Override
        public FeedSnapshot fetchCurrent() throws FeedException {
            String body = http.get(URI.create(base + (regionId == 0 ? "/intensity" : "/regional/regionid/" + regionId)));
            String name = UkGridParser.regionName(body);
            String zone = zone() + (name.isEmpty() ? "" : " (" + name + ")");
            return UkGridParser.parseSnapshot(body, IntensityProvenance.live(UkGridParser.ID, zone,
                    EmissionBasis.AVERAGE, EmissionScope.DIRECT, SOURCE));
        }

        @Override
        public List<IntensityPoint> fetchForecast() throws FeedException {
            String from = MINUTES.format(Instant.now());
            String path = regionId == 0 ? "/intensity/" + from + "/fw48h"
                    : "/regional/intensity/" + from + "/fw48h/regionid/" + regionId;
            return UkGridParser.parse(http.get(URI.create(base + path)));
        }

        @Override
        public List<IntensityPoint> fetchHistory(Instant from, Instant to) throws FeedException {
            String range = MINUTES.format(from) + '/' + MINUTES.format(to);
            String path = regionId == 0 ? "/intensity/" + range : "/regional/intensity/" + range + "/regionid/" + regionId;
            return UkGridParser.parse(http.get(URI.create(base + path)));
        }
    }
}
