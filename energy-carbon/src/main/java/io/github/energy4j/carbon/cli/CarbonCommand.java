package io.github.energy4j.carbon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.carbon.IntensityProvenance;
import io.github.energy4j.carbon.IntensityReading;
import io.github.energy4j.carbon.IntensitySource;
import io.github.energy4j.carbon.data.CloudRegion;
import io.github.energy4j.carbon.data.CountryIntensity;
import io.github.energy4j.carbon.data.EmbeddedDataset;
import io.github.energy4j.carbon.providers.IntensityProvider;
import io.github.energy4j.carbon.providers.IntensityProviders;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code energy4j carbon [--region R | --country CC | --intensity G] [--provider P] [--zone Z] [--pue X]
 * [--format table|json] [--list countries|regions|providers]}: prints the intensity valid now and its provenance.
 * A live provider is queried once, synchronously (within its timeouts); when it fails, the embedded figure is
 * printed flagged estimated with the error in the note, and the exit code is still 0.
 */
public final class CarbonCommand {

    static final String USAGE = "usage: energy4j carbon [--region R | --country CC | --intensity G]"
            + " [--provider fixed|embedded|csv|electricitymaps|watttime|ukgrid|carbon-aware-sdk] [--zone Z] [--pue X]"
            + " [--format table|json] [--list countries|regions|providers]"
            + " [--best-window --duration 2h --within 24h] [--rank R1,R2,...]";

    private CarbonCommand() {
    }

    /** Runs with the process environment; returns 0 on success, 2 on bad flags or unknown ids. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs with the given environment (tokens, URLs); returns 0 on success, 2 on bad flags or unknown ids. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        CarbonOptions options;
        IntensitySource source;
        try {
            options = CarbonOptions.parse(args);
            Shifting shift = Shifting.parse(options.remaining());
            if (!shift.rest().isEmpty()) {
                throw new IllegalArgumentException("unknown argument " + shift.rest().get(0) + "; " + USAGE);
            }
            if (options.list() != null) {
                list(options.list(), out);
                return 0;
            }
            if (shift.bestWindow()) {
                out.print(Shifting.bestWindow(options, shift, env));
                return 0;
            }
            if (!shift.rank().isEmpty()) {
                out.print(Shifting.rank(options, shift.rank(), env));
                return 0;
            }
            source = options.open(env, false);
        } catch (IllegalArgumentException e) {
            err.println("energy4j carbon: " + e.getMessage());
            return 2;
        }
        IntensityReading r = source.readingAt(System.currentTimeMillis());
        if (options.format().equals("json")) {
            out.println(json(r));
        } else {
            table(r, out);
        }
        return 0;
    }

    private static void list(String what, PrintStream out) {
        EmbeddedDataset data = EmbeddedDataset.load();
        switch (what) {
            case "countries":
                for (CountryIntensity c : data.countries()) {
                    out.printf(Locale.ROOT, "%-3s %-3s %8.1f g/kWh %d %s%n", c.iso2(), c.iso3(), c.gramsPerKwh(), c.year(), c.country());
                }
                break;
            case "regions":
                for (CloudRegion r : data.regions()) {
                    out.printf(Locale.ROOT, "%-36s %8.1f g/kWh pue %.3f %s%n", r.id(), r.gramsPerKwh(), r.pue(), r.location());
                }
                break;
            default:
                for (IntensityProvider p : IntensityProviders.all()) {
                    out.printf(Locale.ROOT, "%-17s %s%n", p.id(), p.description());
                }
                break;
        }
    }

    private static void table(IntensityReading r, PrintStream out) {
        IntensityProvenance p = r.provenance();
        EmbeddedDataset data = EmbeddedDataset.load();
        row(out, "zone", p.zone());
        row(out, "intensity", Double.isNaN(r.gramsPerKwh()) ? "unknown"
                : String.format(Locale.ROOT, "%.3f g CO2e/kWh", r.gramsPerKwh()));
        row(out, "pue", String.format(Locale.ROOT, "%.3f", r.pue()));
        row(out, "provider", p.provider());
        row(out, "basis", p.basis().toString());
        row(out, "scope", p.scope().toString());
        row(out, "year", p.datasetYear() > 0 ? Integer.toString(p.datasetYear())
                : io.github.energy4j.carbon.CarbonIntensities.EMBEDDED.equals(p.provider()) ? "not stated by the source" : "live");
        row(out, "estimated", p.estimated() ? "yes" : "no");
        row(out, "source", p.source());
        if (!p.note().isEmpty()) {
            row(out, "note", p.note());
        }
        row(out, "dataset", data.version() + " (gathered " + data.date() + ")");
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "%-10s %s%n", name, value);
    }

    static String json(IntensityReading r) {
        IntensityProvenance p = r.provenance();
        EmbeddedDataset data = EmbeddedDataset.load();
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("zone", p.zone());
            if (Double.isNaN(r.gramsPerKwh())) {
                g.writeNullField("gramsPerKwh");
            } else {
                g.writeNumberField("gramsPerKwh", r.gramsPerKwh());
            }
            g.writeNumberField("pue", r.pue());
            g.writeStringField("provider", p.provider());
            g.writeStringField("basis", p.basis().toString());
            g.writeStringField("scope", p.scope().toString());
            if (p.datasetYear() > 0) {
                g.writeNumberField("datasetYear", p.datasetYear());
            } else {
                g.writeNullField("datasetYear");
            }
            g.writeBooleanField("estimated", p.estimated());
            g.writeStringField("source", p.source());
            g.writeStringField("note", p.note());
            g.writeStringField("datasetVersion", data.version());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
