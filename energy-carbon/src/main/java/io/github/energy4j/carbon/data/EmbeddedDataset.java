package io.github.energy4j.carbon.data;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.UnknownZoneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The grid-intensity data shipped in the jar: yearly averages per country, emission factors and PUE per
 * cloud region, and a world average as last resort. See {@code META-INF/energy4j-carbon-NOTICE.txt} for
 * sources and licences. Immutable and thread-safe; {@link #load()} parses the resources once.
 */
public final class EmbeddedDataset {

    private static final String BASE = "/io/github/energy4j/carbon/data/";

    private final String version;
    private final String date;
    private final Map<String, CountryIntensity> countriesByCode;
    private final List<CountryIntensity> countries;
    private final Map<String, CloudRegion> regionsById;
    private final Map<String, CloudRegion> gcpCfeById;
    private final List<CloudRegion> regions;
    private final WorldAverage world;

    /**
     * The last-resort figure.
     *
     * @param gramsPerKwh grams CO2e per kWh
     * @param year        year it describes
     * @param scope       emission scope
     * @param source      citation
     */
    public record WorldAverage(double gramsPerKwh, int year, EmissionScope scope, String source) {
    }

    private EmbeddedDataset(Properties props, List<CountryIntensity> countries, List<CloudRegion> regions,
                            List<CloudRegion> gcpCfe) {
        this.version = props.getProperty("dataset.version", "unknown");
        this.date = props.getProperty("dataset.date", "unknown");
        this.countries = List.copyOf(countries);
        Map<String, CountryIntensity> byCode = new LinkedHashMap<>();
        for (CountryIntensity c : countries) {
            byCode.put(c.iso3().toUpperCase(Locale.ROOT), c);
            if (!c.iso2().isEmpty()) {
                byCode.put(c.iso2().toUpperCase(Locale.ROOT), c);
            }
        }
        this.countriesByCode = Collections.unmodifiableMap(byCode);
        this.regions = List.copyOf(regions);
        Map<String, CloudRegion> byId = new LinkedHashMap<>();
        for (CloudRegion r : regions) {
            byId.put(r.id().toLowerCase(Locale.ROOT), r);
        }
        this.regionsById = Collections.unmodifiableMap(byId);
        Map<String, CloudRegion> cfe = new LinkedHashMap<>();
        for (CloudRegion r : gcpCfe) {
            cfe.put(r.region().toLowerCase(Locale.ROOT), r);
        }
        this.gcpCfeById = Collections.unmodifiableMap(cfe);
        this.world = new WorldAverage(Double.parseDouble(require(props, "world.gramsPerKwh")),
                Integer.parseInt(require(props, "world.year")),
                EmissionScope.parse(props.getProperty("world.scope")), require(props, "world.source"));
    }

    private static final class Holder {
        static final EmbeddedDataset INSTANCE = loadFromClasspath();
    }

    /** The dataset in the jar, parsed on first use. */
    public static EmbeddedDataset load() {
        return Holder.INSTANCE;
    }

    private static EmbeddedDataset loadFromClasspath() {
        Properties props = new Properties();
        try (InputStream in = resource("dataset.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded dataset.properties", e);
        }
        // Alibaba Cloud rows live in their own file: different sources and licences from the CCF-derived rows
        String regions = text(require(props, "regions.file"));
        String alibaba = props.getProperty("regions.alibabaFile");
        if (alibaba != null && !alibaba.isBlank()) {
            String extra = text(alibaba.trim());
            int nl = extra.indexOf('\n');
            regions = (regions.endsWith("\n") ? regions : regions + "\n") + (nl < 0 ? "" : extra.substring(nl + 1));
        }
        return parse(props, text(require(props, "countries.file")), regions, text(require(props, "regions.gcpCfeFile")));
    }

    /** Builds a dataset from the CSV texts (same headers as the embedded files); for tests and custom data. */
    public static EmbeddedDataset parse(Properties props, String countriesCsv, String regionsCsv, String gcpCfeCsv) {
        return new EmbeddedDataset(props, parseCountries(countriesCsv), parseRegions(regionsCsv), parseRegions(gcpCfeCsv));
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddedDataset.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException("embedded resource " + BASE + name + " missing from the energy-carbon jar");
        }
        return in;
    }

    private static String text(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded " + name, e);
        }
    }

    private static String require(Properties props, String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("dataset.properties lacks " + key);
        }
        return v.trim();
    }

    static List<CountryIntensity> parseCountries(String csv) {
        List<List<String>> rows = Csv.parse(csv);
        Map<String, Integer> col = header(rows, "iso3", "iso2", "country", "g_co2e_per_kwh", "year", "source", "licence");
        List<CountryIntensity> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            out.add(new CountryIntensity(r.get(col.get("iso3")), r.get(col.get("iso2")), r.get(col.get("country")),
                    Double.parseDouble(r.get(col.get("g_co2e_per_kwh"))), parseYear(r.get(col.get("year"))),
                    r.get(col.get("source")), r.get(col.get("licence"))));
        }
        return out;
    }

    static List<CloudRegion> parseRegions(String csv) {
        List<List<String>> rows = Csv.parse(csv);
        Map<String, Integer> col = header(rows, "provider", "region", "location", "grid_zone_iso2", "g_co2e_per_kwh",
                "pue", "source", "year", "scope", "licence");
        List<CloudRegion> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            out.add(new CloudRegion(r.get(col.get("provider")), r.get(col.get("region")), r.get(col.get("location")),
                    r.get(col.get("grid_zone_iso2")), Double.parseDouble(r.get(col.get("g_co2e_per_kwh"))),
                    Double.parseDouble(r.get(col.get("pue"))), parseYear(r.get(col.get("year"))),
                    EmissionScope.parse(r.get(col.get("scope"))), r.get(col.get("source")), r.get(col.get("licence"))));
        }
        return out;
    }

    private static int parseYear(String s) {
        return s == null || s.isBlank() ? 0 : Integer.parseInt(s.trim());
    }

    private static Map<String, Integer> header(List<List<String>> rows, String... required) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("CSV has no header row");
        }
        Map<String, Integer> col = new LinkedHashMap<>();
        List<String> h = rows.get(0);
        for (int i = 0; i < h.size(); i++) {
            col.put(h.get(i).trim(), i);
        }
        for (String name : required) {
            if (!col.containsKey(name)) {
                throw new IllegalArgumentException("CSV header lacks column '" + name + "'; has " + h);
            }
        }
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).size() != h.size()) {
                throw new IllegalArgumentException("CSV row " + i + " has " + rows.get(i).size() + " fields, header has " + h.size());
            }
        }
        return col;
    }

    /** Dataset version from {@code dataset.properties}. */
    public String version() {
        return version;
    }

    /** Date the data was gathered. */
    public String date() {
        return date;
    }

    /** The country for an ISO 3166-1 alpha-2 or alpha-3 code, any case. */
    public Optional<CountryIntensity> country(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(countriesByCode.get(code.trim().toUpperCase(Locale.ROOT)));
    }

    /** All countries, in file order. */
    public List<CountryIntensity> countries() {
        return countries;
    }

    /** A region by provider and region id ({@code aws}, {@code us-east-1}), any case. */
    public Optional<CloudRegion> region(String provider, String region) {
        return Optional.ofNullable(regionsById.get((provider + ':' + region).toLowerCase(Locale.ROOT)));
    }

    /** GCP region with Google's carbon-free-energy adjustment (not CCF's default). */
    public Optional<CloudRegion> gcpCarbonFreeAdjusted(String region) {
        return Optional.ofNullable(gcpCfeById.get(region.toLowerCase(Locale.ROOT)));
    }

    /** Every region with this id across providers (several only for {@code Unknown}). */
    public List<CloudRegion> regionsNamed(String region) {
        List<CloudRegion> out = new ArrayList<>();
        for (CloudRegion r : regions) {
            if (r.region().equalsIgnoreCase(region)) {
                out.add(r);
            }
        }
        return out;
    }

    /** All regions, in file order. */
    public List<CloudRegion> regions() {
        return regions;
    }

    /** The provider-wide row ({@code Unknown}): average factor and default PUE for that cloud. */
    public Optional<CloudRegion> providerDefault(String provider) {
        return region(provider, "Unknown");
    }

    /**
     * Finds a region row for an id of {@link CarbonIntensities#cloudRegion(String)}: {@code aws:eu-west-1},
     * {@code gcp-cfe:europe-west1}, or a plain id resolved across clouds.
     *
     * @throws UnknownZoneException when the id is unknown or a plain id matches several clouds
     */
    public CloudRegion resolveRegion(String id) {
        String trimmed = id.trim();
        int colon = trimmed.indexOf(':');
        if (colon > 0) {
            String provider = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
            String region = trimmed.substring(colon + 1);
            Optional<CloudRegion> r = "gcp-cfe".equals(provider)
                    ? gcpCarbonFreeAdjusted(region)
                    : region(provider, region);
            return r.orElseThrow(() -> new UnknownZoneException("unknown cloud region '" + id
                    + "': expected aws:, gcp:, gcp-cfe:, azure: or alibaba: followed by a region id; "
                    + CarbonIntensities.LIST_HINT));
        }
        List<CloudRegion> matches = regionsNamed(trimmed);
        if (matches.size() > 1) {
            // Alibaba reuses ids such as us-east-1 and eu-central-1; plain ids resolved to one of aws/gcp/azure
            // before Alibaba rows existed, so they still do: Alibaba needs the alibaba: prefix in that case
            List<CloudRegion> original = new ArrayList<>();
            for (CloudRegion r : matches) {
                if (!"alibaba".equals(r.provider())) {
                    original.add(r);
                }
            }
            if (original.size() == 1) {
                return original.get(0);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new UnknownZoneException("unknown cloud region '" + id + "'; " + CarbonIntensities.LIST_HINT);
        }
        List<String> ids = new ArrayList<>();
        for (CloudRegion r : matches) {
            ids.add(r.id());
        }
        throw new UnknownZoneException("region '" + id + "' exists in several clouds, say which: "
                + String.join(", ", ids));
    }

    /** The world average used as last resort. */
    public WorldAverage worldAverage() {
        return world;
    }

}
