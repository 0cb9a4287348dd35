package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code carbon-aware-sdk}: a self-hosted GSF Carbon Aware SDK Web API; {@code /emissions/bylocation} for
 * the current figure and history, {@code /emissions/forecasts/current} for the forecast. The SDK reports
 * marginal intensity (g/kWh) from whichever data source it is configured with. Env:
 * {@code ENERGY4J_CARBON_AWARE_SDK_URL} (required), {@code ENERGY4J_CARBON_AWARE_SDK_ZONE} (location such as
 * {@code eastus}).
 */
public final class CarbonAwareSdkProvider extends RemoteIntensityProvider {

    static final String SOURCE = "Green Software Foundation Carbon Aware SDK Web API";

    @Override
    public String id() {
        return CarbonAwareSdkParser.ID;
    }

    @Override
    public String description() {
        return "a self-hosted GSF Carbon Aware SDK Web API (ENERGY4J_CARBON_AWARE_SDK_URL)";
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        if (config.baseUri().isEmpty()) {
            return ProviderProbe.unavailable("no Carbon Aware SDK URL",
                    "set ENERGY4J_CARBON_AWARE_SDK_URL to the Web API base, e.g. http://carbon-aware-sdk:8080");
        }
        if (config.zone().isEmpty()) {
            return ProviderProbe.unavailable("no location", "pass --zone or --region with the SDK's location, e.g. eastus");
        }
        return ProviderProbe.ok();
    }

    @Override
    protected IntensityFeed newFeed(ProviderConfig config) {
        return new Feed(config);
    }

    private static final class Feed implements IntensityFeed {
        private final String location;
        private final String base;
        private final HttpJsonClient http;

        Feed(ProviderConfig config) {
            this.location = config.zone().orElseThrow();
            this.base = ElectricityMapsProvider.stripSlash(config.baseUri().orElseThrow().toString());
            this.http = new HttpJsonClient(CarbonAwareSdkParser.ID, config.connectTimeout(), config.requestTimeout(),
                    "the SDK's own data-source credentials");
        }

        @Override
        public String providerId() {
            return CarbonAwareSdkParser.ID;
        }

        @Override
        public String zone() {
            return location;
        }

        private String loc() {
            return "location=" + URLEncoder.encode(location, StandardCharsets.UTF_8);
        }

        private static String time(Instant t) {
            return URLEncoder.encode(t.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        }

        @Override
        public FeedSnapshot fetchCurrent() throws FeedException {
            Instant now = Instant.now();
            List<IntensityPoint> points = fetchHistory(now.minus(Duration.ofHours(1)), now);
            return new FeedSnapshot(points, IntensityProvenance.live(CarbonAwareSdkParser.ID, location,
                    EmissionBasis.MARGINAL, EmissionScope.UNSPECIFIED, SOURCE));
        }

        @Override
        public List<IntensityPoint> fetchForecast() throws FeedException {
            return CarbonAwareSdkParser.parseForecast(http.get(URI.create(base + "/emissions/forecasts/current?" + loc())));
        }

        @Override
        public List<IntensityPoint> fetchHistory(Instant from, Instant to) throws FeedException {
            return CarbonAwareSdkParser.parseEmissions(http.get(URI.create(base + "/emissions/bylocation?" + loc()
                    + "&time=" + time(from) + "&toTime=" + time(to))));
        }
    }
}
