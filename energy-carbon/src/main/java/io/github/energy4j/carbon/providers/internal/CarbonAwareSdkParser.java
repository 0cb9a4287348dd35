package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
import io.github.energy4j.carbon.IntensityPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the GSF Carbon Aware SDK Web API. {@code /emissions/bylocation} answers an array of
 * {@code {"location","time","rating","duration"}} (rating in g/kWh, duration a .NET time span such as
 * {@code "00:05:00"}, absent in older versions); {@code /emissions/forecasts/current} answers an array of
 * forecasts, each with {@code "forecastData":[{"location","timestamp","duration","value"}]} (duration in minutes).
 */
final class CarbonAwareSdkParser {

    static final String ID = "carbon-aware-sdk";
    /** Bucket length assumed when the answer gives none and there is no next point to measure against. */
    static final Duration DEFAULT_BUCKET = Duration.ofMinutes(5);

    private CarbonAwareSdkParser() {
    }

    public static List<IntensityPoint> parseEmissions(String json) throws FeedException {
        try {
            List<Instant> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<Duration> durations = new ArrayList<>();
            for (Map<String, Object> m : JsonTree.requireObjects(FeedJson.parse(ID, json))) {
                times.add(FeedJson.instant(ID, m, "time"));
                values.add(JsonTree.requireNumber(m, "rating"));
                durations.add(duration(m.get("duration")));
            }
            return buckets(times, values, durations);
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    public static List<IntensityPoint> parseForecast(String json) throws FeedException {
        try {
            List<Map<String, Object>> forecasts = JsonTree.requireObjects(FeedJson.parse(ID, json));
            if (forecasts.isEmpty()) {
                throw FeedJson.bad(ID, "empty forecast array (unknown location?)");
            }
            List<Instant> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<Duration> durations = new ArrayList<>();
            for (Map<String, Object> m : JsonTree.requireObjects(forecasts.get(0), "forecastData")) {
                times.add(FeedJson.instant(ID, m, "timestamp"));
                values.add(JsonTree.requireNumber(m, "value"));
                durations.add(duration(m.get("duration")));
            }
            return buckets(times, values, durations);
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    private static List<IntensityPoint> buckets(List<Instant> times, List<Double> values, List<Duration> durations)
            throws FeedException {
        List<IntensityPoint> out = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            Duration d = durations.get(i);
            if (d == null || d.isZero()) {
                d = i + 1 < times.size() && times.get(i + 1).isAfter(times.get(i))
                        ? Duration.between(times.get(i), times.get(i + 1)) : DEFAULT_BUCKET;
            }
            out.add(FeedJson.point(ID, times.get(i), d, values.get(i)));
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    /** Minutes as a number, or a .NET time span "[d.]hh:mm:ss[.fff]"; null when absent or unreadable. */
    static Duration duration(Object value) {
        if (value instanceof Number n) {
            double minutes = n.doubleValue();
            return minutes > 0 ? Duration.ofSeconds(Math.round(minutes * 60)) : null;
        }
        if (!(value instanceof String)) {
            return null;
        }
        String s = ((String) value).trim();
        try {
            long days = 0;
            int dot = s.indexOf('.');
            int colon = s.indexOf(':');
            if (dot >= 0 && dot < colon) {
                days = Long.parseLong(s.substring(0, dot));
                s = s.substring(dot + 1);
            }
            String[] parts = s.split(":");
            if (parts.length != 3) {
                return null;
            }
            double seconds = Double.parseDouble(parts[2]);
            return Duration.ofDays(days).plusHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException | ArithmeticException e) {
            return null; // unreadable or beyond Duration's range: the bucket falls back to the default
        }
    }
}
