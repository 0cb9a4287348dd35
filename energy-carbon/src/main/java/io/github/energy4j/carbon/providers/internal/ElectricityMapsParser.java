package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
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
final class ElectricityMapsParser {

    static final String ID = "electricitymaps";
    static final String SOURCE = "Electricity Maps API v3 (electricitymaps.com)";

    private ElectricityMapsParser() {
    }

    public static FeedSnapshot parseLatest(String json, String zone) throws FeedException {
        try {
            Map<String, Object> o = JsonTree.requireObject(FeedJson.parse(ID, json));
            IntensityPoint point = point(o);
            IntensityProvenance p = IntensityProvenance.live(ID, JsonTree.string(o, zone, "zone"), EmissionBasis.AVERAGE,
                    EmissionScope.parse(JsonTree.string(o, "lifecycle", "emissionFactorType")), SOURCE);
            if (Boolean.TRUE.equals(o.get("isEstimated"))) {
                String method = JsonTree.string(o, "", "estimationMethod");
                p = p.asEstimated("estimated by Electricity Maps" + (method.isEmpty() ? "" : " (" + method + ")"));
            }
            return new FeedSnapshot(List.of(point), p);
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    public static List<IntensityPoint> parseHistory(String json) throws FeedException {
        return list(json, "history");
    }

    public static List<IntensityPoint> parseForecast(String json) throws FeedException {
        return list(json, "forecast");
    }

    private static List<IntensityPoint> list(String json, String field) throws FeedException {
        try {
            List<Map<String, Object>> items = JsonTree.requireObjects(FeedJson.parse(ID, json), field);
            List<IntensityPoint> out = new ArrayList<>(items.size());
            for (Map<String, Object> m : items) {
                if (JsonTree.isNull(m.get("carbonIntensity"))) {
                    continue; // hours the service has no figure for (absent or null)
                }
                out.add(point(m));
            }
            return out;
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    private static IntensityPoint point(Map<String, Object> o) throws FeedException {
        double value = JsonTree.requireNumber(o, "carbonIntensity");
        Instant start = FeedJson.instant(ID, o, "datetime");
        return FeedJson.point(ID, start, granularity(JsonTree.string(o, "hourly", "temporalGranularity")), value);
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
