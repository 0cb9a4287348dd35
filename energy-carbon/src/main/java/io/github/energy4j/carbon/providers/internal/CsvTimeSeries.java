package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.data.Csv;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code timestamp,g_per_kwh} CSV: a header row, then one row per bucket start in time order
 * (ISO-8601 with offset, e.g. {@code 2025-01-01T00:00:00Z}). Each bucket lasts until the next row; the last
 * one lasts as long as the one before it (one hour when the file has one row).
 */
final class CsvTimeSeries {

    private CsvTimeSeries() {
    }

    public static List<IntensityPoint> parse(String text, String fileName) {
        List<List<String>> rows = Csv.parse(text);
        if (rows.isEmpty() || !rows.get(0).get(0).trim().equalsIgnoreCase("timestamp")
                || rows.get(0).size() < 2 || !rows.get(0).get(1).trim().equalsIgnoreCase("g_per_kwh")) {
            throw new IllegalArgumentException(fileName + ": first row must be the header 'timestamp,g_per_kwh'");
        }
        List<Instant> starts = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() < 2) {
                throw new IllegalArgumentException(fileName + " row " + (i + 1) + ": expected timestamp,g_per_kwh");
            }
            Instant t;
            double v;
            try {
                t = OffsetDateTime.parse(r.get(0).trim()).toInstant();
                v = Double.parseDouble(r.get(1).trim());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException(fileName + " row " + (i + 1) + ": " + e.getMessage()
                        + " (timestamps need an offset, e.g. 2025-01-01T00:00:00Z)", e);
            }
            if (!starts.isEmpty() && !t.isAfter(starts.get(starts.size() - 1))) {
                throw new IllegalArgumentException(fileName + " row " + (i + 1) + ": timestamps must increase");
            }
            starts.add(t);
            values.add(v);
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no data rows after the header");
        }
        List<IntensityPoint> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Instant end;
            if (i + 1 < starts.size()) {
                end = starts.get(i + 1);
            } else if (i > 0) {
                end = starts.get(i).plus(Duration.between(starts.get(i - 1), starts.get(i)));
            } else {
                end = starts.get(i).plus(Duration.ofHours(1));
            }
            out.add(new IntensityPoint(starts.get(i), end, values.get(i)));
        }
        return out;
    }
}
