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
 * Parses WattTime v3 {@code /v3/forecast} and {@code /v3/historical} answers:
 * {@code {"data":[{"point_time","value"}],"meta":{"region","signal_type","units","data_point_period_seconds",…}}},
 * and {@code /login} answers {@code {"token":"…"}}. Values in {@code lbs_co2_per_mwh} are converted to g/kWh
 * (1 lb/MWh = 453.59237 g / 1000 kWh = 0.45359237 g/kWh).
 */
public final class WattTimeParser {

    static final String ID = "watttime";
    static final String SOURCE = "WattTime API v3 co2_moer (watttime.org)";
    /** Grams per kWh in one pound per MWh. */
    public static final double GRAMS_PER_KWH_PER_LB_PER_MWH = 0.45359237;

    private WattTimeParser() {
    }

    public static String parseToken(String json) throws FeedException {
        return JsonValues.text(ID, JsonValues.object(ID, JsonValues.parse(ID, json), "login body"), "token");
    }

    public static FeedSnapshot parse(String json, String region) throws FeedException {
        Map<String, Object> o = JsonValues.object(ID, JsonValues.parse(ID, json), "body");
        Map<String, Object> meta = JsonValues.object(ID, o.get("meta"), "'meta'");
        String units = JsonValues.optionalText(meta, "units", "lbs_co2_per_mwh");
        double factor = factor(units);
        double periodSeconds = JsonValues.optionalNumber(meta, "data_point_period_seconds");
        Duration period = Duration.ofSeconds(Double.isNaN(periodSeconds) ? 300 : (long) periodSeconds); // saturates
        List<Object> data = JsonValues.array(ID, o.get("data"), "'data'");
        List<IntensityPoint> points = new ArrayList<>(data.size());
        for (Object item : data) {
            Map<String, Object> m = JsonValues.object(ID, item, "data entry");
            Instant t = JsonValues.instant(ID, m, "point_time");
            points.add(JsonValues.point(ID, t, period, JsonValues.number(ID, m, "value") * factor));
        }
        String signal = JsonValues.optionalText(meta, "signal_type", "co2_moer");
        if (!"co2_moer".equals(signal)) {
            throw JsonValues.bad(ID, "signal_type is " + signal + ", expected co2_moer");
        }
        return new FeedSnapshot(points, IntensityProvenance.live(ID, JsonValues.optionalText(meta, "region", region),
                EmissionBasis.MARGINAL, EmissionScope.DIRECT, SOURCE));
    }

    private static double factor(String units) throws FeedException {
        switch (units) {
            case "lbs_co2_per_mwh":
                return GRAMS_PER_KWH_PER_LB_PER_MWH;
            case "kg_co2_per_mwh":
            case "g_co2_per_kwh":
                return 1.0;
            default:
                throw JsonValues.bad(ID, "unknown units '" + units + "'");
        }
    }
}
