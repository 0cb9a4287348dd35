package io.github.energy4j.carbon.cli;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The carbon options shared by {@code energy4j carbon} and {@code energy4j report}:
 * {@code --region R | --country CC | --intensity G}, {@code --provider P}, {@code --zone Z}, {@code --pue X},
 * {@code --format table|json}, {@code --list countries|regions}. Both {@code --flag value} and
 * {@code --flag=value} are accepted; arguments that are not carbon options are kept in {@link #remaining()}.
 *
 * <pre>{@code
 * // in a command that has its own flags too:
 * CarbonOptions carbon = CarbonOptions.parse(args);          // IllegalArgumentException on bad values
 * GridIntensity intensity = carbon.gridIntensity(System.getenv());
 * List<String> rest = carbon.remaining();
 * }</pre>
 *
 * @param region    cloud region ({@code aws:eu-west-1}, {@code eu-west-1}), or null
 * @param country   ISO 3166-1 alpha-2/alpha-3 code, or null
 * @param intensity fixed g/kWh, or NaN
 * @param provider  provider id, or null for the default ({@code fixed} with --intensity, else {@code embedded})
 * @param zone      provider-specific zone overriding the one derived from region/country, or null
 * @param pue       PUE override, or NaN
 * @param format    {@code table} or {@code json}
 * @param list      {@code countries} or {@code regions} to list ids, or null
 * @param remaining arguments that are not carbon options, in order
 */
public record CarbonOptions(String region, String country, double intensity, String provider, String zone, double pue,
                            String format, String list, List<String> remaining) {

    private static final List<String> FLAGS = List.of("--region", "--country", "--intensity", "--provider", "--zone",
            "--pue", "--format", "--list");

    public CarbonOptions {
        remaining = List.copyOf(remaining);
    }

    /**
     * Extracts the carbon options from {@code args}.
     *
     * @throws IllegalArgumentException with a one-line message naming the flag and the allowed values
     */
    public static CarbonOptions parse(List<String> args) {
        String region = null;
        String country = null;
        double intensity = Double.NaN;
        String provider = null;
        String zone = null;
        double pue = Double.NaN;
        String format = "table";
        String list = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String flag = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!FLAGS.contains(flag)) {
                rest.add(a);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args.get(++i);
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(flag + " needs a non-empty value");
            }
            switch (flag) {
                case "--region":
                    region = value.trim();
                    break;
                case "--country":
                    country = value.trim();
                    break;
                case "--intensity":
                    intensity = number(flag, value, 0);
                    break;
                case "--provider":
                    provider = value.trim().toLowerCase(Locale.ROOT);
                    break;
                case "--zone":
                    zone = value.trim();
                    break;
                case "--pue":
                    pue = number(flag, value, 1.0);
                    break;
                case "--format":
                    format = value.trim().toLowerCase(Locale.ROOT);
                    if (!format.equals("table") && !format.equals("json")) {
                        throw new IllegalArgumentException("--format must be table or json, was " + value);
                    }
                    break;
                default: // --list
                    list = value.trim().toLowerCase(Locale.ROOT);
                    if (!list.equals("countries") && !list.equals("regions") && !list.equals("providers")) {
                        throw new IllegalArgumentException("--list must be countries, regions or providers, was " + value);
                    }
                    break;
            }
        }
        int chosen = (region != null ? 1 : 0) + (country != null ? 1 : 0) + (Double.isNaN(intensity) ? 0 : 1);
        if (chosen > 1) {
            throw new IllegalArgumentException("use only one of --region, --country, --intensity");
        }
        if (provider != null && IntensityProviders.find(provider).isEmpty()) {
            throw new IllegalArgumentException("unknown --provider " + provider + "; one of: " + IntensityProviders.ids());
        }
        return new CarbonOptions(region, country, intensity, provider, zone, pue, format, list, rest);
    }

    private static double number(String flag, String value, double min) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, was " + value);
        }
        if (!(v >= min) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(flag + " must be a finite number >= " + min + ", was " + value);
        }
        return v;
    }

    /** True when any of --region, --country, --intensity, --provider was given. */
    public boolean anyIntensityOption() {
        return region != null || country != null || !Double.isNaN(intensity) || provider != null;
    }

    /** The provider that will answer: the explicit one, else {@code fixed} with --intensity, else {@code embedded}. */
    public String effectiveProvider() {
        if (provider != null) {
            return provider;
        }
        return Double.isNaN(intensity) ? "embedded" : "fixed";
    }

    /**
     * The embedded figure for --region/--country (world average when neither), used alone or as the live
     * provider's fallback.
     *
     * @throws UnknownZoneException for an unknown region or country
     */
    public IntensitySource embeddedIntensity() {
        IntensitySource s;
        if (region != null) {
            s = CarbonIntensities.cloudRegion(region);
        } else if (country != null) {
            s = CarbonIntensities.country(country);
        } else {
            s = CarbonIntensities.worldAverage();
        }
        return s;
    }

    /**
     * The intensity for these options, for long-running use: remote providers refresh in a background daemon
     * thread and fall back to the embedded figure.
     *
     * @param env environment variables (tokens, URLs; see {@link ProviderConfig#fromEnvironment})
     * @throws UnknownZoneException     for an unknown region or country
     * @throws IllegalArgumentException when the provider is not configured (the message says what to set)
     */
    public IntensitySource gridIntensity(Map<String, String> env) {
        return open(env, true);
    }

    /** Same as {@link #gridIntensity(Map)} with the process environment. */
    public static IntensitySource gridIntensity(List<String> args) {
        return parse(args).gridIntensity(System.getenv());
    }

    IntensitySource open(Map<String, String> env, boolean background) {
        String id = effectiveProvider();
        if (id.equals("fixed")) {
            if (Double.isNaN(intensity)) {
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
        String z = zone != null ? zone : derivedZone(id, env);
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
        String id = effectiveProvider();
        String where = region != null ? region : country != null ? country : zone != null ? zone : "the world";
        IntensityProvider p = IntensityProviders.find(id).orElse(null);
        if (!(p instanceof RemoteIntensityProvider remote)) {
            throw new IllegalArgumentException("no forecast exists for " + where + " with --provider " + id
                    + " (it holds one figure per zone, not a forecast); use --provider "
                    + "electricitymaps|watttime|ukgrid|carbon-aware-sdk");
        }
        ProviderConfig.Builder b = ProviderConfig.fromEnvironment(id, env);
        String z = zone != null ? zone : derivedZone(id, env);
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
        if (id.equals("carbon-aware-sdk") && region != null) {
            int colon = region.indexOf(':');
            return colon > 0 ? region.substring(colon + 1) : region;
        }
        String iso2 = null;
        if (country != null) {
            iso2 = EmbeddedDataset.load().country(country).map(c -> c.iso2()).orElse(null);
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
