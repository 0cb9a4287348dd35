package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.IntensitySource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for one provider. Build with {@link #builder()} or pre-fill from environment variables with
 * {@link #fromEnvironment(String, Map)}. {@link #toString()} masks secrets.
 *
 * <p>Environment variables (for provider id {@code P} upper-cased, {@code -} as {@code _}):
 * {@code ENERGY4J_P_URL} base URL, {@code ENERGY4J_P_ZONE} zone, {@code ENERGY4J_P_TOKEN} (or
 * {@code ENERGY4J_P_TOKEN_FILE}) token, {@code ENERGY4J_P_USERNAME}, {@code ENERGY4J_P_PASSWORD} (or
 * {@code ENERGY4J_P_PASSWORD_FILE}); {@code ENERGY4J_CARBON_CSV_FILE} for the CSV provider.
 */
public final class ProviderConfig {

    /** Default connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default request timeout: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default background refresh interval: 5 min (grid data changes every 5 to 60 min). */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    /** Default time a last good value keeps standing in after its bucket ended: 6 h. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(6);

    private final String zone;
    private final URI baseUri;
    private final Secret token;
    private final String username;
    private final Secret password;
    private final Path csvFile;
    private final double fixedGramsPerKwh;
    private final double pue;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final String emissionFactorType;
    private final IntensitySource fallback;

    private ProviderConfig(Builder b) {
        this.zone = b.zone;
        this.baseUri = b.baseUri;
        this.token = b.token;
        this.username = b.username;
        this.password = b.password;
        this.csvFile = b.csvFile;
        this.fixedGramsPerKwh = b.fixedGramsPerKwh;
        this.pue = b.pue;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.refreshInterval = b.refreshInterval;
        this.maxStaleness = b.maxStaleness;
        this.emissionFactorType = b.emissionFactorType;
        this.fallback = b.fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The environment-variable prefix for {@code providerId}: {@code ENERGY4J_ELECTRICITYMAPS_}, … */
    public static String envPrefix(String providerId) {
        return "ENERGY4J_" + providerId.toUpperCase(Locale.ROOT).replace('-', '_') + '_';
    }

    /** A builder pre-filled from the environment variables of {@code providerId} (see the class comment). */
    public static Builder fromEnvironment(String providerId, Map<String, String> env) {
        String prefix = envPrefix(providerId);
        Builder b = builder();
        String url = env.get(prefix + "URL");
        if (url != null && !url.isBlank()) {
            b.baseUri(URI.create(url.trim()));
        }
        String zone = env.get(prefix + "ZONE");
        if (zone != null && !zone.isBlank()) {
            b.zone(zone.trim());
        }
        Secret.fromEnvironment(env, prefix + "TOKEN").ifPresent(b::token);
        String user = env.get(prefix + "USERNAME");
        if (user != null && !user.isBlank()) {
            b.username(user.trim());
        }
        Secret.fromEnvironment(env, prefix + "PASSWORD").ifPresent(b::password);
        String csv = env.get("ENERGY4J_CARBON_CSV_FILE");
        if (csv != null && !csv.isBlank()) {
            b.csvFile(Path.of(csv.trim()));
        }
        return b;
    }

    public Optional<String> zone() {
        return Optional.ofNullable(zone);
    }

    public Optional<URI> baseUri() {
        return Optional.ofNullable(baseUri);
    }

    public Optional<Secret> token() {
        return Optional.ofNullable(token);
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    public Optional<Path> csvFile() {
        return Optional.ofNullable(csvFile);
    }

    /** The value for the {@code fixed} provider in g/kWh, NaN when unset. */
    public double fixedGramsPerKwh() {
        return fixedGramsPerKwh;
    }

    /** PUE to report with live values; NaN means "take the fallback's PUE". */
    public double pue() {
        return pue;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration refreshInterval() {
        return refreshInterval;
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** {@code lifecycle} (default) or {@code direct}, for services that offer both. */
    public String emissionFactorType() {
        return emissionFactorType;
    }

    /** What live sources answer with before their first fetch and during outages; empty means world average. */
    public Optional<IntensitySource> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** This configuration with another fallback. */
    public ProviderConfig withFallback(IntensitySource newFallback) {
        Builder b = toBuilder();
        b.fallback = newFallback;
        return b.build();
    }

    /** This configuration with another zone. */
    public ProviderConfig withZone(String newZone) {
        return toBuilder().zone(newZone).build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.zone = zone;
        b.baseUri = baseUri;
        b.token = token;
        b.username = username;
        b.password = password;
        b.csvFile = csvFile;
        b.fixedGramsPerKwh = fixedGramsPerKwh;
        b.pue = pue;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.refreshInterval = refreshInterval;
        b.maxStaleness = maxStaleness;
        b.emissionFactorType = emissionFactorType;
        b.fallback = fallback;
        return b;
    }

    @Override
    public String toString() {
        return "ProviderConfig[zone=" + zone + ", baseUri=" + baseUri
                + ", token=" + (token == null ? "unset" : token)
                + ", username=" + (username == null ? "unset" : username)
                + ", password=" + (password == null ? "unset" : password)
                + ", csvFile=" + csvFile + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", refreshInterval=" + refreshInterval + ']';
    }

    /** Builder; values are checked at {@link #build()}. */
    public static final class Builder {
        private String zone;
        private URI baseUri;
        private Secret token;
        private String username;
        private Secret password;
        private Path csvFile;
        private double fixedGramsPerKwh = Double.NaN;
        private double pue = Double.NaN;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration maxStaleness = DEFAULT_MAX_STALENESS;
        private String emissionFactorType = "lifecycle";
        private IntensitySource fallback;

        private Builder() {
        }

        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        public Builder token(Secret token) {
            this.token = token;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        public Builder csvFile(Path csvFile) {
            this.csvFile = csvFile;
            return this;
        }

        public Builder fixedGramsPerKwh(double gramsPerKwh) {
            this.fixedGramsPerKwh = gramsPerKwh;
            return this;
        }

        public Builder pue(double pue) {
            this.pue = pue;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder refreshInterval(Duration interval) {
            this.refreshInterval = interval;
            return this;
        }

        public Builder maxStaleness(Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
            return this;
        }

        public Builder emissionFactorType(String type) {
            this.emissionFactorType = type;
            return this;
        }

        public Builder fallback(IntensitySource fallback) {
            this.fallback = fallback;
            return this;
        }

        public ProviderConfig build() {
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(requestTimeout, "requestTimeout");
            requirePositive(refreshInterval, "refreshInterval");
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            if (maxStaleness.isNegative()) {
                throw new IllegalArgumentException("maxStaleness must be >= 0, was " + maxStaleness);
            }
            if (!"lifecycle".equals(emissionFactorType) && !"direct".equals(emissionFactorType)) {
                throw new IllegalArgumentException("emissionFactorType must be lifecycle or direct, was " + emissionFactorType);
            }
            if (!Double.isNaN(pue) && !(pue >= 1.0)) {
                throw new IllegalArgumentException("pue must be >= 1.0 (1.0 = no facility overhead), was " + pue);
            }
            if (zone != null && zone.isBlank()) {
                throw new IllegalArgumentException("zone must not be blank; leave it unset to use the provider default");
            }
            return new ProviderConfig(this);
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
        }
    }
}
