package io.github.energy4j.agent.carbon;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.UnknownZoneException;
import io.github.energy4j.carbon.data.CloudRegion;
import io.github.energy4j.carbon.data.EmbeddedDataset;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import io.github.energy4j.carbon.providers.internal.LiveIntensity;
import io.github.energy4j.carbon.providers.internal.RemoteIntensityProvider;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The carbon options of {@code energy4j carbon}, {@code report}, {@code serve} and {@code run}, a picocli mixin:
 * {@code --region R | --country CC | --intensity G}, {@code --provider P}, {@code --zone Z}, {@code --pue X}.
 * Parsing checks the types; {@link #validate()} (called by every method that opens a source) checks the values.
 * A command declares it as a {@code @Mixin} field and asks it for the grid intensity:
 *
 * <pre>{@code
 * GridIntensity intensity = carbon.given() ? carbon.gridIntensity(env) : null; // IllegalArgumentException: a bad value
 * }</pre>
 */
public final class CarbonOptions {

    @Option(names = "--region", paramLabel = "R", description = "price energy at a cloud region's grid, e.g. "
            + "aws:eu-west-1 (energy4j carbon --list regions)")
    private String region;

    @Option(names = "--country", paramLabel = "CC", description = "price energy at a country's grid, ISO 3166 "
            + "alpha-2 or alpha-3, e.g. FR (energy4j carbon --list countries)")
    private String country;

    @Option(names = "--intensity", paramLabel = "G", description = "price energy at a fixed grid intensity, g "
            + "CO2e/kWh, e.g. 250")
    private Double intensity;

    @Option(names = "--provider", paramLabel = "ID", description = "where the intensity comes from: fixed, embedded, "
            + "csv, electricitymaps, watttime, ukgrid, carbon-aware-sdk (default: fixed with --intensity, else "
            + "embedded; energy4j carbon --list providers)")
    private String provider;

    @Option(names = "--zone", paramLabel = "Z", description = "the provider's zone, instead of the one --region or "
            + "--country implies")
    private String zone;

    @Option(names = "--pue", paramLabel = "X", description = "power usage effectiveness (>= 1) instead of the "
            + "region's")
    private Double pue;

    /** Options for one region or country (the other null) and a provider (null for the default). */
    public static CarbonOptions of(String region, String country, String provider) {
        CarbonOptions o = new CarbonOptions();
        o.region = region;
        o.country = country;
        o.provider = provider;
        return o;
    }

    /** Cloud region ({@code aws:eu-west-1}, {@code eu-west-1}), or null. */
    public String region() {
        return region == null ? null : region.trim();
    }

    /** ISO 3166-1 alpha-2/alpha-3 code, or null. */
    public String country() {
        return country == null ? null : country.trim();
    }

    /** Fixed g/kWh, or NaN. */
    public double intensity() {
        return intensity == null ? Double.NaN : intensity;
    }

    /** Provider id, or null for the default ({@code fixed} with --intensity, else {@code embedded}). */
    public String provider() {
        return provider == null ? null : provider.trim().toLowerCase(Locale.ROOT);
    }

    /** Provider-specific zone overriding the one derived from region/country, or null. */
    public String zone() {
        return zone == null ? null : zone.trim();
    }

    /** PUE override, or NaN. */
    public double pue() {
        return pue == null ? Double.NaN : pue;
    }

    /** True when any of these options was given. */
    public boolean given() {
        return region != null || country != null || intensity != null || provider != null || zone != null
                || pue != null;
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException with a one-line message naming the option and the allowed values
     */
    public CarbonOptions validate() {
        for (String[] v : new String[][] {{"--region", region}, {"--country", country}, {"--provider", provider},
                {"--zone", zone}}) {
            if (v[1] != null && v[1].isBlank()) {
                throw new IllegalArgumentException(v[0] + " needs a non-empty value");
            }
        }
        check("--intensity", intensity, 0);
        check("--pue", pue, 1.0);
        int chosen = (region != null ? 1 : 0) + (country != null ? 1 : 0) + (intensity != null ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException("use only one of --region, --country, --intensity");
        }
        if (provider != null && IntensityProviders.find(provider()).isEmpty()) {
            throw new IllegalArgumentException("unknown --provider " + provider() + "; one of: "
                    + IntensityProviders.ids());
        }
        return this;
    }

    private static void check(String option, Double v, double min) {
        if (v != null && (!(v >= min) || Double.isInfinite(v))) {
            throw new IllegalArgumentException(option + " must be a finite number >= " + min + ", was " + v);
        }
    }

    /** The provider that will answer: the explicit one, else {@code fixed} with --intensity, else {@code embedded}. */
    public String effectiveProvider() {
        if (provider != null) {
            return provider();
        }
        return intensity == null ? "embedded" : "fixed";
    }

    /**
     * The embedded figure for --region/--country (world average when neither), used alone or as the live
     * provider's fallback.
     *
     * @throws UnknownZoneException for an unknown region or country
     */
    public IntensitySource embeddedIntensity() {
        if (region != null) {
            return CarbonIntensities.cloudRegion(region());
        }
        if (country != null) {
            return CarbonIntensities.country(country());
        }
        return CarbonIntensities.worldAverage();
    }

    /**
     * The intensity for these options, for long-running use: remote providers refresh in a background daemon
     * thread and fall back to the embedded figure.
     *
     * @param env environment variables (tokens, URLs; see {@link ProviderConfig#fromEnvironment})
     * @throws UnknownZoneException     for an unknown region or country
     * @throws IllegalArgumentException for a bad value, or when the provider is not configured (the message says
     *                                  what to set)
     */
    public IntensitySource gridIntensity(Map<String, String> env) {
        return open(env, true);
    }

    /** The intensity; a live provider is queried once now when {@code background} is false. */
    IntensitySource open(Map<String, String> env, boolean background) {
        validate();
        String id = effectiveProvider();
        double pue = pue();
        if (id.equals("fixed")) {
            if (intensity == null) {
                throw new IllegalArgumentException("--provider fixed needs --intensity <g/kWh>");
            }
            return CarbonIntensities.fixed(intensity, Double.isNaN(pue) ? 1.0 : pue);
        }
        IntensitySource embedded = embeddedIntensity();
        if (id.equals("embedded")) {
            return Double.isNaN(pue) ? embedded : new PueOverride(embedded, pue);
        }
        IntensityProvider p = IntensityProviders.find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown --provider " + id + "; one of: " + IntensityProviders.ids()));
        ProviderConfig.Builder b = ProviderConfig.fromEnvironment(id, env).fallback(embedded);
        if (!Double.isNaN(pue)) {
            b.pue(pue);
        }
        String z = zone != null ? zone() : derivedZone(id, env);
        if (z != null) {
            b.zone(z);
        }
        ProviderConfig config = b.build();
        ProviderProbe probe = p.probe(config);
        if (!probe.available()) {
            throw new IllegalArgumentException(id + ": " + probe.reason() + "; " + probe.remedy());
        }
        if (background || !(p instanceof RemoteIntensityProvider)) {
            return p.open(config);
        }
        LiveIntensity live = new LiveIntensity(((RemoteIntensityProvider) p).feed(config), embedded, config.pue(),
                config.refreshInterval(), config.maxStaleness());
        live.refreshNow();
        return live;
    }

    /**
     * The forecast feed of the live provider for these options (for {@code --best-window}).
     *
     * @throws IllegalArgumentException when no provider with a forecast is configured: the embedded data and
     *                                  {@code fixed} hold one figure, not a forecast
     */
    io.github.energy4j.carbon.providers.internal.IntensityFeed forecastFeed(Map<String, String> env) {
        validate();
        String id = effectiveProvider();
        String where = region != null ? region() : country != null ? country() : zone != null ? zone() : "the world";
        IntensityProvider p = IntensityProviders.find(id).orElse(null);
        if (!(p instanceof RemoteIntensityProvider remote)) {
            throw new IllegalArgumentException("no forecast exists for " + where + " with --provider " + id
                    + " (it holds one figure per zone, not a forecast); use --provider "
                    + "electricitymaps|watttime|ukgrid|carbon-aware-sdk");
        }
        ProviderConfig.Builder b = ProviderConfig.fromEnvironment(id, env);
        String z = zone != null ? zone() : derivedZone(id, env);
        if (z != null) {
            b.zone(z);
        }
        ProviderConfig config = b.build();
        ProviderProbe probe = p.probe(config);
        if (!probe.available()) {
            throw new IllegalArgumentException(id + ": " + probe.reason() + "; " + probe.remedy());
        }
        return remote.feed(config);
    }

    /** The provider zone implied by --region/--country when --zone and the provider's ZONE variable are absent. */
    private String derivedZone(String id, Map<String, String> env) {
        String fromEnv = env.get(ProviderConfig.envPrefix(id) + "ZONE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String region = region();
        if (id.equals("carbon-aware-sdk") && region != null) {
            int colon = region.indexOf(':');
            return colon > 0 ? region.substring(colon + 1) : region;
        }
        String iso2 = null;
        if (country != null) {
            iso2 = EmbeddedDataset.load().country(country()).map(c -> c.iso2()).orElse(null);
        } else if (region != null) {
            CloudRegion r = EmbeddedDataset.load().resolveRegion(region);
            iso2 = r.gridZoneIso2().isEmpty() ? null : r.gridZoneIso2();
        }
        if (iso2 == null) {
            return null;
        }
        if (id.equals("ukgrid")) {
            return iso2.equals("GB") ? "GB" : iso2;
        }
        return id.equals("electricitymaps") ? iso2 : null;
    }
}
