package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import io.github.energy4j.carbon.providers.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code watttime}: WattTime API v3 marginal emissions ({@code co2_moer}). Logs in at {@code /login} with HTTP
 * basic auth for a bearer token (kept 25 minutes; WattTime tokens last 30), then reads {@code /v3/forecast}
 * (current and ahead) and {@code /v3/historical}. Env: {@code ENERGY4J_WATTTIME_USERNAME},
 * {@code ENERGY4J_WATTTIME_PASSWORD} (or {@code _PASSWORD_FILE}), {@code ENERGY4J_WATTTIME_ZONE} (region such as
 * {@code CAISO_NORTH}), {@code ENERGY4J_WATTTIME_URL}.
 */
public final class WattTimeProvider extends RemoteIntensityProvider {

    /** Default base URL. */
    public static final URI DEFAULT_BASE = URI.create("https://api.watttime.org");
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(25);

    @Override
    public String id() {
        return WattTimeParser.ID;
    }

    @Override
    public String description() {
        return "WattTime API v3, 5-minute marginal (co2_moer) intensity and forecast (account required)";
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        if (config.username().isEmpty() || config.password().isEmpty()) {
            return ProviderProbe.unavailable("no WattTime credentials",
                    "set ENERGY4J_WATTTIME_USERNAME and ENERGY4J_WATTTIME_PASSWORD (or ENERGY4J_WATTTIME_PASSWORD_FILE)");
        }
        if (config.zone().isEmpty()) {
            return ProviderProbe.unavailable("no WattTime region", "pass --zone with a WattTime region such as CAISO_NORTH");
        }
        return ProviderProbe.ok();
    }

    @Override
    protected IntensityFeed newFeed(ProviderConfig config) {
        return new Feed(config);
    }

    private static final class Feed implements IntensityFeed {
        private final ProviderConfig config;
        private final String region;
        private final String base;
        private final HttpJsonClient http;
        private String token;
        private Instant tokenExpiry = Instant.EPOCH;

        Feed(ProviderConfig config) {
            this.config = config;
            this.region = config.zone().orElseThrow();
            this.base = ElectricityMapsProvider.stripSlash(config.baseUri().orElse(DEFAULT_BASE).toString());
            this.http = new HttpJsonClient(WattTimeParser.ID, config.connectTimeout(), config.requestTimeout(),
                    "the WattTime username and password (" + config.password().map(Secret::origin).orElse("unset")
                            + ") and that the plan covers region " + region);
        }

        @Override
        public String providerId() {
            return WattTimeParser.ID;
        }

        @Override
        public String zone() {
            return region;
        }

        private synchronized String bearer(boolean forceLogin) throws FeedException {
            if (!forceLogin && token != null && Instant.now().isBefore(tokenExpiry)) {
                return token;
            }
            String password;
            try {
                password = config.password().orElseThrow().reveal();
            } catch (IOException e) {
                throw new FeedException(FeedException.Kind.NOT_CONFIGURED, 0,
                        "cannot read the WattTime password from " + config.password().get().origin() + ": " + e.getMessage(), e);
            }
            String basic = Base64.getEncoder().encodeToString(
                    (config.username().orElseThrow() + ':' + password).getBytes(StandardCharsets.UTF_8));
            token = WattTimeParser.parseToken(http.get(URI.create(base + "/login"), "Authorization", "Basic " + basic));
            tokenExpiry = Instant.now().plus(TOKEN_LIFETIME);
            return token;
        }

        /** GETs with the bearer token, logging in again once when the token was rejected. */
        private String get(String pathAndQuery) throws FeedException {
            URI uri = URI.create(base + pathAndQuery);
            try {
                return http.get(uri, "Authorization", "Bearer " + bearer(false));
            } catch (FeedException e) {
                if (e.kind() != FeedException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                return http.get(uri, "Authorization", "Bearer " + bearer(true));
            }
        }

        private String regionQuery() {
            return "region=" + URLEncoder.encode(region, StandardCharsets.UTF_8) + "&signal_type=co2_moer";
        }

        /**
         * The forecast's first point is the current value; the points after it are forecasts, so they are kept
         * (to bridge a later outage) but flagged estimated.
         */
        @Override
        public FeedSnapshot fetchCurrent() throws FeedException {
            FeedSnapshot s = WattTimeParser.parse(get("/v3/forecast?" + regionQuery() + "&horizon_hours=24"), region);
            IntensityPoint current = s.points().get(0);
            for (IntensityPoint p : s.points()) {
                if (p.start().isBefore(current.start())) {
                    current = p;
                }
            }
            List<String> notes = new ArrayList<>(s.points().size());
            String note = "WattTime forecast issued with the value for " + current.start();
            for (IntensityPoint p : s.points()) {
                notes.add(p.start().isBefore(current.end()) ? "" : note);
            }
            return new FeedSnapshot(s.points(), s.provenance(), notes);
        }

        @Override
        public List<IntensityPoint> fetchForecast() throws FeedException {
            return WattTimeParser.parse(get("/v3/forecast?" + regionQuery() + "&horizon_hours=72"), region).points();
        }

        @Override
        public List<IntensityPoint> fetchHistory(Instant from, Instant to) throws FeedException {
            String q = "/v3/historical?" + regionQuery()
                    + "&start=" + URLEncoder.encode(from.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8)
                    + "&end=" + URLEncoder.encode(to.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
            return WattTimeParser.parse(get(q), region).points();
        }
    }
}
