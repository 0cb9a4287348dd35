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
 * Parses WattTime v3 {@code /v3/forecast} and {@code /v3/historical} answers:
 * {@code {"data":[{"point_time","value"}],"meta":{"region","signal_type","units","data_point_period_seconds",…}}},
 * and {@code /login} answers {@code {"token":"…"}}. Values in {@code lbs_co2_per_mwh} are converted to g/kWh
 * (1 lb/MWh = 453.59237 g / 1000 kWh = 0.45359237 g/kWh).
 */
final class WattTimeParser {

    static final String ID = "watttime";
    static final String SOURCE = "WattTime API v3 co2_moer (watttime.org)";
    /** Grams per kWh in one pound per MWh. */
    public static final double GRAMS_PER_KWH_PER_LB_PER_MWH = 0.45359237;

    private WattTimeParser() {
    }

    public static String parseToken(String json) throws FeedException {
        try {
            return JsonTree.requireString(FeedJson.parse(ID, json), "token");
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    public static FeedSnapshot parse(String json, String region) throws FeedException {
        try {
            Object o = FeedJson.parse(ID, json);
            Map<String, Object> meta = JsonTree.requireObject(o, "meta");
            String units = JsonTree.string(meta, "lbs_co2_per_mwh", "units");
            double factor = factor(units);
            double periodSeconds = JsonTree.number(meta, "data_point_period_seconds");
            Duration period = Duration.ofSeconds(Double.isNaN(periodSeconds) ? 300 : (long) periodSeconds); // saturates
            List<Map<String, Object>> data = JsonTree.requireObjects(o, "data");
            List<IntensityPoint> points = new ArrayList<>(data.size());
            for (Map<String, Object> m : data) {
                Instant t = FeedJson.instant(ID, m, "point_time");
                points.add(FeedJson.point(ID, t, period, JsonTree.requireNumber(m, "value") * factor));
            }
            String signal = JsonTree.string(meta, "co2_moer", "signal_type");
            if (!"co2_moer".equals(signal)) {
                throw FeedJson.bad(ID, "signal_type is " + signal + ", expected co2_moer");
            }
            return new FeedSnapshot(points, IntensityProvenance.live(ID, JsonTree.string(meta, region, "region"),
                    EmissionBasis.MARGINAL, EmissionScope.DIRECT, SOURCE));
        } catch (JsonException e) {
            throw FeedJson.bad(ID, e);
        }
    }

    private static double factor(String units) throws FeedException {
        switch (units) {
            case "lbs_co2_per_mwh":
                return GRAMS_PER_KWH_PER_LB_PER_MWH;
            case "kg_co2_per_mwh":
            case "g_co2_per_kwh":
                return 1.0;
            default:
                throw FeedJson.bad(ID, "unknown units '" + units + "'");
        }
    }
}
