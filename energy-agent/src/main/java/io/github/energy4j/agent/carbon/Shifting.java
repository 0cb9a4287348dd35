package io.github.energy4j.agent.carbon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.Json;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.providers.internal.FeedException;
import io.github.energy4j.carbon.window.CarbonWindows;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Time and region shifting for {@code energy4j carbon}: {@code --best-window --duration D --within W} (the start in
 * the next W with the lowest forecast average over D; needs a provider with a forecast) and {@code --rank R1,R2,...}
 * (regions by intensity × PUE, lowest first, with each row's provenance).
 */
final class Shifting {

    private Shifting() {
    }

    /** The best start for a run of {@code duration} within {@code within} from now, as {@code format}. */
    static String bestWindow(CarbonOptions options, Duration duration, Duration within, String format,
                             Map<String, String> env) {
        List<IntensityPoint> forecast;
        try {
            forecast = options.forecastFeed(env).fetchForecast();
        } catch (FeedException e) {
            throw new IllegalArgumentException("forecast unavailable: " + e.getMessage());
        }
        Instant now = Instant.now();
        Optional<CarbonWindows.WindowChoice> w = CarbonWindows.bestStart(forecast, now, now.plus(within), duration, 1.0, 1.0);
        if (w.isEmpty()) {
            Instant last = Instant.EPOCH;
            for (IntensityPoint p : forecast) {
                last = p.end().isAfter(last) ? p.end() : last;
            }
            throw new IllegalArgumentException("the forecast (" + forecast.size() + " buckets, up to " + last
                    + ") holds no " + duration + " window within " + within + " from now");
        }
        CarbonWindows.WindowChoice c = w.get();
        if (format.equals("json")) {
            return json(g -> {
                g.writeStartObject();
                g.writeStringField("start", c.start().toString());
                g.writeStringField("end", c.end().toString());
                g.writeNumberField("averageGramsPerKwh", c.averageGramsPerKwh());
                Json.number(g, "runNowAverageGramsPerKwh", c.runNowAverageGramsPerKwh());
                Json.number(g, "savedPercent", c.savedPercent());
                g.writeStringField("provider", options.effectiveProvider());
                g.writeNumberField("forecastBuckets", forecast.size());
                g.writeEndObject();
            });
        }
        return String.format(Locale.ROOT, "best start %s (until %s): %.1f g CO2e/kWh on average; starting now: %s;"
                        + " saves %s%n", c.start(), c.end(), c.averageGramsPerKwh(),
                Double.isNaN(c.runNowAverageGramsPerKwh()) ? "not covered by the forecast"
                        : String.format(Locale.ROOT, "%.1f g/kWh", c.runNowAverageGramsPerKwh()),
                Double.isNaN(c.savedPercent()) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", c.savedPercent()));
    }

    private record Ranked(String region, IntensityReading reading) {
        double effective() {
            return reading.gramsPerKwh() * reading.pue();
        }
    }

    /** {@code regions} by intensity × PUE, lowest first, as {@code format}. */
    static String rank(CarbonOptions options, List<String> regions, String format, Map<String, String> env) {
        if (options.region() != null || options.country() != null || !Double.isNaN(options.intensity())) {
            throw new IllegalArgumentException("--rank takes the regions itself; drop --region/--country/--intensity");
        }
        List<Ranked> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String r : regions) {
            boolean region = r.indexOf(':') > 0 || r.indexOf('-') > 0;
            CarbonOptions one = CarbonOptions.of(region ? r : null, region ? null : r, options.provider());
            rows.add(new Ranked(r, one.open(env, false).readingAt(now)));
        }
        // unknown figures (NaN) last
        rows.sort(Comparator.comparingDouble((Ranked x) -> Double.isNaN(x.effective()) ? Double.MAX_VALUE
                : x.effective()));
        if (format.equals("json")) {
            return json(g -> {
                g.writeStartArray();
                int i = 1;
                for (Ranked x : rows) {
                    IntensityProvenance p = x.reading().provenance();
                    g.writeStartObject();
                    g.writeNumberField("rank", i++);
                    g.writeStringField("region", x.region());
                    Json.number(g, "gramsPerKwh", x.reading().gramsPerKwh());
                    g.writeNumberField("pue", x.reading().pue());
                    Json.number(g, "effectiveGramsPerKwh", x.effective());
                    g.writeStringField("provider", p.provider());
                    g.writeStringField("zone", p.zone());
                    CarbonCommand.writeOrigin(g, p);
                    g.writeEndObject();
                }
                g.writeEndArray();
            });
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-4s %-28s %10s %6s %12s  %s%n", "rank",
                "region", "g/kWh", "pue", "g/kWh x pue", "provenance"));
        int i = 1;
        for (Ranked x : rows) {
            IntensityProvenance p = x.reading().provenance();
            b.append(String.format(Locale.ROOT, "%-4d %-28s %10.1f %6.3f %12.1f  %s %s%s%s%n", i++, x.region(),
                    x.reading().gramsPerKwh(), x.reading().pue(), x.effective(), p.provider(),
                    p.datasetYear() > 0 ? Integer.toString(p.datasetYear())
                            : io.github.energy4j.carbon.CarbonIntensities.EMBEDDED.equals(p.provider())
                            ? "year not stated" : "live",
                    p.estimated() ? " estimated" : "", p.note().isEmpty() ? "" : " (" + p.note() + ")"));
        }
        return b.toString();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }
}
