package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the GB Carbon Intensity API (api.carbonintensity.org.uk). National answers are
 * {@code {"data":[{"from","to","intensity":{"forecast","actual","index"}}]}}; regional ones nest the same
 * half-hour entries under a region: {@code {"data":[{"regionid","shortname","data":[…]}]}} or, for the
 * forward-looking regional endpoints, {@code {"data":{"regionid",…,"data":[…]}}}. The actual figure is used
 * when present, otherwise the forecast.
 */
final class UkGridParser {

    static final String ID = "ukgrid";

    private UkGridParser() {
    }

    /** Note on a half hour whose figure is the forecast because no actual figure is published (yet). */
    static final String FORECAST_NOTE = "GB Carbon Intensity forecast; no actual figure published for this half hour";

    /** Half-hour buckets found anywhere in the answer, in document order. */
    public static List<IntensityPoint> parse(String json) throws FeedException {
        return collect(json, new ArrayList<>());
    }

    /**
     * The same buckets with {@code provenance}; those that carry only a forecast (every regional half hour,
     * and the current national one until NESO publishes its actual figure) are flagged estimated.
     */
    public static FeedSnapshot parseSnapshot(String json, IntensityProvenance provenance) throws FeedException {
        List<String> notes = new ArrayList<>();
        List<IntensityPoint> points = collect(json, notes);
        return new FeedSnapshot(points, provenance, notes);
    }

    private static List<IntensityPoint> collect(String json, List<String> notes) throws FeedException {
        try {
            Map<String, Object> o = JsonTree.requireObject(FeedJson.parse(ID, json));
            if (!o.containsKey("data")) {
                throw FeedJson.bad(ID, "no 'data' field");
            }
            List<IntensityPoint> out = new ArrayList<>();
            collect(o.get("data"), out, notes, 0);
            return out;
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    /** The region's short name when the answer is regional, else empty. */
    public static String regionName(String json) throws FeedException {
        Object root = FeedJson.parse(ID, json);
        if (!(root instanceof Map)) {
            throw FeedJson.bad(ID, "the body is " + JsonTree.kind(root) + ", expected an object");
        }
        Object data = JsonTree.member(root, "data");
        Object first = data instanceof List && !((List<?>) data).isEmpty() ? ((List<?>) data).get(0) : data;
        if (first instanceof Map) {
            Object name = ((Map<?, ?>) first).get("shortname");
            return name instanceof String ? (String) name : "";
        }
        return "";
    }

    private static void collect(Object node, List<IntensityPoint> out, List<String> notes, int depth)
            throws FeedException {
        if (depth > 4) {
            throw FeedJson.bad(ID, "nesting deeper than the documented shapes");
        }
        if (node instanceof List) {
            for (Object item : (List<?>) node) {
                collect(item, out, notes, depth + 1);
            }
            return;
        }
        if (!(node instanceof Map)) {
            throw FeedJson.bad(ID, "a data entry is " + JsonTree.kind(node) + ", expected an object");
        }
        Map<String, Object> m = JsonTree.requireObject(node);
        if (m.containsKey("intensity")) {
            Map<String, Object> intensity = JsonTree.requireObject(m, "intensity");
            double actual = JsonTree.number(intensity, "actual");
            double value = Double.isNaN(actual) ? JsonTree.number(intensity, "forecast") : actual;
            if (Double.isNaN(value)) {
                return; // neither figure published for this half hour yet
            }
            Instant from = FeedJson.instant(ID, m, "from");
            Instant to = FeedJson.instant(ID, m, "to");
            out.add(FeedJson.point(ID, from, to, value));
            notes.add(Double.isNaN(actual) ? FORECAST_NOTE : "");
        } else if (m.containsKey("data")) {
            collect(m.get("data"), out, notes, depth + 1);
        } else {
            throw FeedJson.bad(ID, "entry has neither 'intensity' nor 'data'");
        }
    }
}
