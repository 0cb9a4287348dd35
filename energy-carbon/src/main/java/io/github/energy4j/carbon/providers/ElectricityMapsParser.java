package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.EmissionBasis;
import io.github.energy4j.carbon.EmissionScope;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Electricity Maps v3 {@code carbon-intensity} answers:
 * {@code latest} = {@code {"zone","carbonIntensity","datetime","emissionFactorType","isEstimated",…}},
 * {@code history} = {@code {"zone","history":[…same…]}}, {@code forecast} = {@code {"zone","forecast":[{"carbonIntensity","datetime"}]}}.
 * Each value covers {@code [datetime, datetime + granularity)}, hourly unless {@code temporalGranularity} says otherwise.
 */
public final class ElectricityMapsParser {

    static final String ID = "electricitymaps";
    static final String SOURCE = "Electricity Maps API v3 (electricitymaps.com)";

    private ElectricityMapsParser() {
    }

    public static FeedSnapshot parseLatest(String json, String zone) throws FeedException {
        Map<String, Object> o = JsonValues.object(ID, JsonValues.parse(ID, json), "body");
        IntensityPoint point = point(o);
        IntensityProvenance p = IntensityProvenance.live(ID, JsonValues.optionalText(o, "zone", zone), EmissionBasis.AVERAGE,
                EmissionScope.parse(JsonValues.optionalText(o, "emissionFactorType", "lifecycle")), SOURCE);
        if (Boolean.TRUE.equals(o.get("isEstimated"))) {
            String method = JsonValues.optionalText(o, "estimationMethod", "");
            p = p.asEstimated("estimated by Electricity Maps" + (method.isEmpty() ? "" : " (" + method + ")"));
        }
        return new FeedSnapshot(List.of(point), p);
    }

    public static List<IntensityPoint> parseHistory(String json) throws FeedException {
        return list(json, "history");
    }

    public static List<IntensityPoint> parseForecast(String json) throws FeedException {
        return list(json, "forecast");
    }

    private static List<IntensityPoint> list(String json, String field) throws FeedException {
        Map<String, Object> o = JsonValues.object(ID, JsonValues.parse(ID, json), "body");
        List<Object> items = JsonValues.array(ID, o.get(field), "'" + field + "'");
        List<IntensityPoint> out = new ArrayList<>(items.size());
        for (Object item : items) {
            Map<String, Object> m = JsonValues.object(ID, item, field + " entry");
            if (m.get("carbonIntensity") == null) {
                continue; // hours the service has no figure for
            }
            out.add(point(m));
        }
        return out;
    }

    private static IntensityPoint point(Map<String, Object> o) throws FeedException {
        double value = JsonValues.number(ID, o, "carbonIntensity");
        Instant start = JsonValues.instant(ID, o, "datetime");
        return JsonValues.point(ID, start, granularity(JsonValues.optionalText(o, "temporalGranularity", "hourly")), value);
    }

    private static Duration granularity(String g) {
        switch (g) {
            case "5_minutes":
                return Duration.ofMinutes(5);
            case "15_minutes":
                return Duration.ofMinutes(15);
            case "daily":
                return Duration.ofDays(1);
            default:
                return Duration.ofHours(1);
        }
    }
}
