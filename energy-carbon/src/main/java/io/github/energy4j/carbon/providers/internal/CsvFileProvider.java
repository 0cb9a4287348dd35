package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.ProviderProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code csv}: a {@code timestamp,g_per_kwh} file (see {@link CsvTimeSeries}), re-read every refresh interval
 * so an external job can rewrite it. Times outside the file fall back like any live source.
 */
public final class CsvFileProvider extends RemoteIntensityProvider {

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "a timestamp,g_per_kwh CSV file (ENERGY4J_CARBON_CSV_FILE)";
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public ProviderProbe probe(ProviderConfig config) {
        if (config.csvFile().isEmpty()) {
            return ProviderProbe.unavailable("no CSV file configured", "set ENERGY4J_CARBON_CSV_FILE to a timestamp,g_per_kwh file");
        }
        Path file = config.csvFile().get();
        if (!Files.isReadable(file)) {
            return ProviderProbe.unavailable("CSV file " + file + " is not readable", "check the path and its permissions");
        }
        return ProviderProbe.ok();
    }

    @Override
    protected IntensityFeed newFeed(ProviderConfig config) {
        Path file = config.csvFile().orElseThrow(() -> new IllegalArgumentException(
                "csv: no file configured; set ENERGY4J_CARBON_CSV_FILE"));
        String zone = config.zone().orElse(file.getFileName().toString());
        return new IntensityFeed() {
            @Override
            public String providerId() {
                return "csv";
            }

            @Override
            public String zone() {
                return zone;
            }

            @Override
            public FeedSnapshot fetchCurrent() throws FeedException {
                List<IntensityPoint> points;
                try {
                    points = CsvTimeSeries.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
                } catch (IOException e) {
                    throw new FeedException(FeedException.Kind.NETWORK, 0, "cannot read " + file + ": " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new FeedException(FeedException.Kind.BAD_RESPONSE, 0, e.getMessage(), e);
                }
                return new FeedSnapshot(points, IntensityProvenance.live("csv", zone, EmissionBasis.AVERAGE,
                        EmissionScope.UNSPECIFIED, "file " + file.getFileName()));
            }

            @Override
            public List<IntensityPoint> fetchForecast() throws FeedException {
                return fetchCurrent().points();
            }
        };
    }
}
