package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code electricitymaps}: Electricity Maps API v3, {@code /carbon-intensity/latest|history|forecast?zone=},
 * token in the {@code auth-token} header. Average intensity, lifecycle factors unless configured {@code direct}.
 * Env: {@code ENERGY4J_ELECTRICITYMAPS_TOKEN} (or {@code _TOKEN_FILE}), {@code ENERGY4J_ELECTRICITYMAPS_ZONE},
 * {@code ENERGY4J_ELECTRICITYMAPS_URL}.
 */
public final class ElectricityMapsProvider extends RemoteIntensityProvider {

    /** Default base URL. */
    public static final URI DEFAULT_BASE = URI.create("https://api.electricitymaps.com/v3");
    private static final String TOKEN_ENV = "ENERGY4J_ELECTRICITYMAPS_TOKEN";

    @Override
    public String id() {
        return ElectricityMapsParser.ID;
    }

    @Override
    public String description() {
        return "Electricity Maps API v3, hourly average intensity per zone (token required)";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        if (config.token().isEmpty()) {
            return ProviderProbe.unavailable("no Electricity Maps token", "set " + TOKEN_ENV + " or " + TOKEN_ENV + "_FILE");
        }
        if (config.zone().isEmpty()) {
            return ProviderProbe.unavailable("no zone", "pass --zone (e.g. FR, DE, US-CAL-CISO) or --country");
        }
        return ProviderProbe.ok();
    }

    @Override
    protected IntensityFeed newFeed(ProviderConfig config) {
        return new Feed(config);
    }

    private static final class Feed implements IntensityFeed {
        private final ProviderConfig config;
        private final String zone;
        private final String base;
        private final HttpJsonClient http;

        Feed(ProviderConfig config) {
            this.config = config;
            this.zone = config.zone().orElseThrow();
            this.base = stripSlash(config.baseUri().orElse(DEFAULT_BASE).toString());
            this.http = new HttpJsonClient(ElectricityMapsParser.ID, config.connectTimeout(), config.requestTimeout(),
                    "the token (" + config.token().map(Secret::origin).orElse(TOKEN_ENV) + ") and that the plan covers zone " + zone);
        }

        @Override
        public String providerId() {
            return ElectricityMapsParser.ID;
        }

        @Override
        public String zone() {
            return zone;
        }

        private String get(String endpoint) throws FeedException {
            String token;
            try {
                token = config.token().orElseThrow().reveal();
            } catch (IOException e) {
                throw new FeedException(FeedException.Kind.NOT_CONFIGURED, 0,
                        "cannot read the Electricity Maps token from " + config.token().get().origin() + ": " + e.getMessage(), e);
            }
            String query = "?zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8)
                    + ("direct".equals(config.emissionFactorType()) ? "&emissionFactorType=direct" : "");
            return http.get(URI.create(base + "/carbon-intensity/" + endpoint + query), "auth-token", token);
        }

        @Override
        public FeedSnapshot fetchCurrent() throws FeedException {
            return ElectricityMapsParser.parseLatest(get("latest"), zone);
        }

        @Override
        public List<IntensityPoint> fetchForecast() throws FeedException {
            return ElectricityMapsParser.parseForecast(get("forecast"));
        }

        /** The service's history endpoint covers the last 24 hours; points outside [from, to) are dropped. */
        @Override
        public List<IntensityPoint> fetchHistory(Instant from, Instant to) throws FeedException {
            List<IntensityPoint> out = new ArrayList<>();
            for (IntensityPoint p : ElectricityMapsParser.parseHistory(get("history"))) {
                if (p.end().isAfter(from) && p.start().isBefore(to)) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
