package io.github.energy4j.carbon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.providers.internal.FeedException;
import io.github.energy4j.carbon.window.CarbonWindows;
import io.github.energy4j.carbon.window.WindowChoice;
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
 *
 * @param bestWindow {@code --best-window} given
 * @param duration   {@code --duration}, or null
 * @param within     {@code --within}, or null
 * @param rank       the regions of {@code --rank}, or empty
 * @param rest       arguments that are none of these
 */
record Shifting(boolean bestWindow, Duration duration, Duration within, List<String> rank, List<String> rest) {

    static Shifting parse(List<String> args) {
        boolean best = false;
        Duration duration = null;
        Duration within = null;
        List<String> rank = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String flag = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (flag.equals("--best-window")) {
                if (value != null) {
                    throw new IllegalArgumentException("--best-window takes no value");
                }
                best = true;
                continue;
            }
            if (!flag.equals("--duration") && !flag.equals("--within") && !flag.equals("--rank")) {
                rest.add(a);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args.get(++i);
            }
            switch (flag) {
                case "--duration":
                    duration = duration(flag, value);
                    break;
                case "--within":
                    within = duration(flag, value);
                    break;
                default:
                    for (String r : value.split(",")) {
                        if (!r.isBlank()) {
                            rank.add(r.trim());
                        }
                    }
                    if (rank.isEmpty()) {
                        throw new IllegalArgumentException("--rank needs regions, e.g. --rank aws:eu-north-1,gcp:europe-west1");
                    }
                    break;
            }
        }
        if (best && !rank.isEmpty()) {
            throw new IllegalArgumentException("use --best-window or --rank, not both");
        }
        if (!best && (duration != null || within != null)) {
            throw new IllegalArgumentException("--duration and --within go with --best-window");
        }
        if (best && (duration == null || within == null)) {
            throw new IllegalArgumentException("--best-window needs --duration (e.g. 2h) and --within (e.g. 24h)");
        }
        if (best && duration.compareTo(within) > 0) {
            throw new IllegalArgumentException("--duration " + duration + " is longer than --within " + within);
        }
        return new Shifting(best, duration, within, List.copyOf(rank), rest);
    }

    /** {@code 90m}, {@code 2h}, {@code 1d}, {@code 30s}. */
    static Duration duration(String flag, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            Duration d = switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
            if (d.isZero() || d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(flag + " must be a positive duration such as 90m, 2h or 1d, was " + v);
        }
    }

    static String bestWindow(CarbonOptions options, Shifting s, Map<String, String> env) {
        List<IntensityPoint> forecast;
        try {
            forecast = options.forecastFeed(env).fetchForecast();
        } catch (FeedException e) {
            throw new IllegalArgumentException("forecast unavailable: " + e.getMessage());
        }
        Instant now = Instant.now();
        Optional<WindowChoice> w = CarbonWindows.bestStart(forecast, now, now.plus(s.within()), s.duration(), 1.0, 1.0);
        if (w.isEmpty()) {
            Instant last = Instant.EPOCH;
            for (IntensityPoint p : forecast) {
                last = p.end().isAfter(last) ? p.end() : last;
            }
            throw new IllegalArgumentException("the forecast (" + forecast.size() + " buckets, up to " + last
                    + ") holds no " + s.duration() + " window within " + s.within() + " from now");
        }
        WindowChoice c = w.get();
        if (options.format().equals("json")) {
            return json(g -> {
                g.writeStartObject();
                g.writeStringField("start", c.start().toString());
                g.writeStringField("end", c.end().toString());
                g.writeNumberField("averageGramsPerKwh", c.averageGramsPerKwh());
                num(g, "runNowAverageGramsPerKwh", c.runNowAverageGramsPerKwh());
                num(g, "savedPercent", c.savedPercent());
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

    static String rank(CarbonOptions options, List<String> regions, Map<String, String> env) {
        if (options.region() != null || options.country() != null || !Double.isNaN(options.intensity())) {
            throw new IllegalArgumentException("--rank takes the regions itself; drop --region/--country/--intensity");
        }
        List<Ranked> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String r : regions) {
            List<String> args = new ArrayList<>(List.of(r.indexOf(':') > 0 || r.indexOf('-') > 0 ? "--region"
                    : "--country", r));
            if (options.provider() != null) {
                args.addAll(List.of("--provider", options.provider()));
            }
            rows.add(new Ranked(r, CarbonOptions.parse(args).open(env, false).readingAt(now)));
        }
        // unknown figures (NaN) last
        rows.sort(Comparator.comparingDouble((Ranked x) -> Double.isNaN(x.effective()) ? Double.MAX_VALUE
                : x.effective()));
        if (options.format().equals("json")) {
            return json(g -> {
                g.writeStartArray();
                int i = 1;
                for (Ranked x : rows) {
                    IntensityProvenance p = x.reading().provenance();
                    g.writeStartObject();
                    g.writeNumberField("rank", i++);
                    g.writeStringField("region", x.region());
                    num(g, "gramsPerKwh", x.reading().gramsPerKwh());
                    g.writeNumberField("pue", x.reading().pue());
                    num(g, "effectiveGramsPerKwh", x.effective());
                    g.writeStringField("provider", p.provider());
                    g.writeStringField("zone", p.zone());
                    if (p.datasetYear() > 0) {
                        g.writeNumberField("datasetYear", p.datasetYear());
                    } else {
                        g.writeNullField("datasetYear");
                    }
                    g.writeBooleanField("estimated", p.estimated());
                    g.writeStringField("source", p.source());
                    g.writeStringField("note", p.note());
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

    private static void num(JsonGenerator g, String f, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(f, v);
        } else {
            g.writeNullField(f);
        }
    }
}
