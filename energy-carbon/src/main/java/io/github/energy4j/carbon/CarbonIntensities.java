package io.github.energy4j.carbon;

import io.github.energy4j.carbon.data.CloudRegion;
import io.github.energy4j.carbon.data.CountryIntensity;
import io.github.energy4j.carbon.data.EmbeddedDataset;
import io.github.energy4j.carbon.internal.FixedIntensity;
import io.github.energy4j.carbon.internal.TimeSeriesIntensity;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Factories for {@link io.github.energy4j.spi.GridIntensity} implementations.
 *
 * <pre>{@code
 * IntensitySource fr = CarbonIntensities.country("FR");              // embedded yearly average
 * IntensitySource aws = CarbonIntensities.cloudRegion("aws:us-east-1"); // 379.069 g/kWh, PUE 1.135
 * IntensitySource live = CarbonIntensities.provider("electricitymaps",
 *         ProviderConfig.fromEnvironment("electricitymaps", System.getenv()).zone("FR")
 *                 .fallback(fr).build());                              // refreshes in the background
 * }</pre>
 *
 * <p>Embedded look-ups that hit a zero figure (the Central African Republic row is 0.0 g/kWh because the
 * source only lists 0.15 TWh of hydro and ignores imports) answer the world average instead, flagged
 * estimated: a zero would make all emissions disappear, while the true consumption figure is unknown.
 */
public final class CarbonIntensities {

    /** Provider id used in provenance for embedded figures. */
    public static final String EMBEDDED = "embedded";
    /** Hint printed with unknown ids. */
    public static final String LIST_HINT =
            "list valid ids with `energy4j carbon --list countries` or `energy4j carbon --list regions`";

    private CarbonIntensities() {
    }

    /** A constant figure in g/kWh with PUE 1.0, e.g. from a contract or a supplier's disclosure. */
    public static IntensitySource fixed(double gramsPerKwh) {
        return fixed(gramsPerKwh, 1.0);
    }

    /** A constant figure in g/kWh with the given PUE. */
    public static IntensitySource fixed(double gramsPerKwh, double pue) {
        return new FixedIntensity(gramsPerKwh, pue, new IntensityProvenance("fixed", "user", EmissionBasis.AVERAGE,
                EmissionScope.UNSPECIFIED, 0, false, "value supplied by the user", ""));
    }

    /**
     * A constant figure with its own provenance (a contract, a supplier's disclosure, a test).
     *
     * @param gramsPerKwh grams CO2e per kWh, {@code >= 0}
     * @param pue         power usage effectiveness, {@code >= 1}
     * @throws IllegalArgumentException naming the value when either is out of range
     */
    public static IntensitySource fixed(double gramsPerKwh, double pue, IntensityProvenance provenance) {
        return new FixedIntensity(gramsPerKwh, pue, provenance);
    }

    /**
     * Intensity from a time series of buckets (a history, a forecast). Outside the buckets it answers NaN, so a
     * {@link #chain chain} falls through to the next source. Immutable and thread-safe; a look-up is a binary search.
     *
     * @param points     buckets in any order
     * @param pue        power usage effectiveness, {@code >= 1}
     * @param provenance where the series comes from
     * @throws IllegalArgumentException when buckets overlap or the PUE is out of range
     */
    public static IntensitySource timeSeries(List<IntensityPoint> points, double pue, IntensityProvenance provenance) {
        return new TimeSeriesIntensity(points, pue, provenance);
    }

    /** The world average from the embedded dataset, always flagged estimated. */
    public static IntensitySource worldAverage() {
        return worldAverage("no zone given");
    }

    private static IntensitySource worldAverage(String reason) {
        EmbeddedDataset.WorldAverage w = EmbeddedDataset.load().worldAverage();
        return new FixedIntensity(w.gramsPerKwh(), 1.0, new IntensityProvenance(EMBEDDED, "world", EmissionBasis.AVERAGE,
                w.scope(), w.year(), true, w.source(), "world average: " + reason));
    }

    /**
     * Embedded yearly average for an ISO 3166-1 alpha-2 or alpha-3 code ({@code FR}, {@code DEU}).
     *
     * @throws UnknownZoneException when the code is not in the dataset
     */
    public static IntensitySource country(String code) {
        Optional<CountryIntensity> c = EmbeddedDataset.load().country(code);
        if (c.isEmpty()) {
            throw new UnknownZoneException("unknown country code '" + code
                    + "': use an ISO 3166-1 alpha-2 or alpha-3 code (FR, DEU); " + LIST_HINT);
        }
        return fromCountry(c.get());
    }

    /** Like {@link #country(String)} but answers the world average, flagged estimated, for an unknown code. */
    public static IntensitySource countryOrWorldAverage(String code) {
        Optional<CountryIntensity> c = EmbeddedDataset.load().country(code);
        return c.isPresent() ? fromCountry(c.get()) : worldAverage("country code '" + code + "' not in the embedded dataset");
    }

    private static IntensitySource fromCountry(CountryIntensity c) {
        if (!(c.gramsPerKwh() > 0)) {
            return worldAverage(c.iso3() + " dataset value is " + c.gramsPerKwh()
                    + " g/kWh (generation-based, imports ignored), not used");
        }
        return new FixedIntensity(c.gramsPerKwh(), 1.0, new IntensityProvenance(EMBEDDED, c.iso3(),
                EmissionBasis.AVERAGE, EmissionScope.LIFECYCLE, c.year(), false, c.source(), ""));
    }

    /**
     * Embedded factor and PUE for a cloud region: {@code aws:eu-west-1}, {@code gcp:europe-west1},
     * {@code azure:westeurope}, {@code alibaba:cn-hangzhou}, {@code gcp-cfe:europe-west1} (Google's carbon-free-energy
     * adjusted factor), or a plain id ({@code eu-west-1}) resolved across providers (an id that Alibaba shares with
     * one of aws/gcp/azure means the latter); {@code aws:unknown} is that cloud's average.
     *
     * @throws UnknownZoneException when the id is unknown or a plain id matches several clouds
     */
    public static IntensitySource cloudRegion(String id) {
        return fromRegion(EmbeddedDataset.load().resolveRegion(id));
    }

    /** Like {@link #cloudRegion(String)}, but an unknown region of a known cloud answers that cloud's average (flagged). */
    public static IntensitySource cloudRegionOrDefault(String id) {
        try {
            return cloudRegion(id);
        } catch (UnknownZoneException e) {
            int colon = id.indexOf(':');
            if (colon > 0) {
                Optional<CloudRegion> avg = EmbeddedDataset.load().providerDefault(id.substring(0, colon).toLowerCase(Locale.ROOT));
                if (avg.isPresent()) {
                    IntensitySource s = fromRegion(avg.get());
                    IntensityReading r = s.readingAt(0);
                    return new FixedIntensity(r.gramsPerKwh(), r.pue(),
                            r.provenance().asEstimated("region '" + id + "' not in the embedded dataset, cloud average used"));
                }
            }
            return worldAverage("region '" + id + "' not in the embedded dataset");
        }
    }

    private static IntensitySource fromRegion(CloudRegion r) {
        boolean average = "unknown".equalsIgnoreCase(r.region());
        IntensityProvenance p = new IntensityProvenance(EMBEDDED, r.id(), EmissionBasis.AVERAGE, r.scope(), r.year(),
                average, r.source(), regionNote(r, average));
        return new FixedIntensity(r.gramsPerKwh(), r.pue(), p);
    }

    private static String regionNote(CloudRegion r, boolean average) {
        if (average) {
            return "alibaba".equals(r.provider()) ? "China national average, region not listed"
                    : "cloud-wide average of listed regions";
        }
        return r.source().startsWith("country average") ? "country average, no regional factor published in the sources" : "";
    }

    /**
     * Embedded figure for a zone that is either a cloud region ({@code aws:us-east-1}, {@code eu-west-1}) or a
     * country code; unknown zones answer the world average, flagged estimated.
     */
    public static IntensitySource embedded(String zone) {
        if (zone == null || zone.isBlank()) {
            return worldAverage();
        }
        if (EmbeddedDataset.load().country(zone).isPresent()) {
            return country(zone);
        }
        try {
            return cloudRegion(zone);
        } catch (UnknownZoneException e) {
            return zone.indexOf(':') > 0 ? cloudRegionOrDefault(zone) : worldAverage("zone '" + zone + "' not in the embedded dataset");
        }
    }

    /**
     * Sources tried in order per call; the first known figure wins and any later one is flagged estimated.
     * Typical: live provider, embedded zone figure, world average.
     */
    public static IntensitySource chain(List<? extends IntensitySource> sources) {
        return new ChainIntensity(sources);
    }

    /** Varargs form of {@link #chain(List)}. */
    public static IntensitySource chain(IntensitySource first, IntensitySource... more) {
        List<IntensitySource> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return new ChainIntensity(all);
    }

    /**
     * Opens the provider {@code providerId} found with {@link java.util.ServiceLoader}.
     *
     * @throws IllegalArgumentException naming the known ids when there is no such provider, or the probe's
     *                                  reason and remedy when the configuration is not enough
     */
    public static IntensitySource provider(String providerId, ProviderConfig config) {
        IntensityProvider p = IntensityProviders.find(providerId).orElseThrow(() -> new IllegalArgumentException(
                "unknown carbon intensity provider '" + providerId + "'; known: " + IntensityProviders.ids()));
        ProviderProbe probe = p.probe(config);
        if (!probe.available()) {
            throw new IllegalArgumentException(providerId + " cannot run: " + probe.reason() + "; " + probe.remedy());
        }
        return p.open(config);
    }
}
