package io.github.energy4j.agent.carbon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.CliCommand;
import io.github.energy4j.agent.UsageException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code energy4j carbon [--region R | --country CC | --intensity G] [--provider P] [--zone Z] [--pue X]
 * [--format table|json] [--list countries|regions|providers]}: prints the intensity valid now and its provenance.
 * A live provider is queried once, synchronously (within its timeouts); when it fails, the embedded figure is
 * printed flagged estimated with the error in the note, and the exit code is still 0. Bad options and unknown ids
 * are usage errors (exit code 2).
 */
@Command(name = "carbon", description = {"Grid intensity and its provenance; with --best-window the greenest start "
        + "from a forecast provider, with --rank regions by intensity x PUE."})
public final class CarbonCommand extends CliCommand {

    @Mixin
    private CarbonOptions carbon;

    @Option(names = "--format", paramLabel = "F", description = "table|json (default table)")
    private String format = "table";

    @Option(names = "--list", paramLabel = "WHAT", description = "list the ids of countries|regions|providers")
    private String list;

    @Option(names = "--best-window", description = "the start within --within whose forecast average over "
            + "--duration is lowest (forecast providers)")
    private boolean bestWindow;

    @Option(names = "--duration", paramLabel = "D", description = "with --best-window: how long the work runs, e.g. 2h")
    private Duration duration;

    @Option(names = "--within", paramLabel = "W", description = "with --best-window: how far ahead it may start, e.g. "
            + "24h")
    private Duration within;

    @Option(names = "--rank", paramLabel = "R1,R2,...", description = "rank regions or countries by intensity x PUE, "
            + "lowest first")
    private String rank;

    @Override
    public Integer call() {
        format = Cli.choice("--format", format, "table", "json");
        IntensitySource source;
        try {
            carbon.validate();
            if (list != null) {
                list(Cli.choice("--list", list, "countries", "regions", "providers"), out);
                return 0;
            }
            List<String> regions = regions();
            if (bestWindow && !regions.isEmpty()) {
                throw new UsageException("use --best-window or --rank, not both");
            }
            if (!bestWindow && (duration != null || within != null)) {
                throw new UsageException("--duration and --within go with --best-window");
            }
            if (bestWindow) {
                if (duration == null || within == null) {
                    throw new UsageException("--best-window needs --duration (e.g. 2h) and --within (e.g. 24h)");
                }
                positive("--duration", duration);
                positive("--within", within);
                if (duration.compareTo(within) > 0) {
                    throw new UsageException("--duration " + duration + " is longer than --within " + within);
                }
                out.print(Shifting.bestWindow(carbon, duration, within, format, env));
                return 0;
            }
            if (!regions.isEmpty()) {
                out.print(Shifting.rank(carbon, regions, format, env));
                return 0;
            }
            source = carbon.open(env, false);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        IntensityReading r = source.readingAt(System.currentTimeMillis());
        if (format.equals("json")) {
            out.println(json(r));
        } else {
            table(r, out);
        }
        return 0;
    }

    /** The regions of {@code --rank}; empty without it. */
    private List<String> regions() {
        List<String> regions = new ArrayList<>();
        if (rank == null) {
            return regions;
        }
        for (String r : rank.split(",")) {
            if (!r.isBlank()) {
                regions.add(r.trim());
            }
        }
        if (regions.isEmpty()) {
            throw new UsageException("--rank needs regions, e.g. --rank aws:eu-north-1,gcp:europe-west1");
        }
        return regions;
    }

    private static void positive(String option, Duration d) {
        if (d.isZero()) {
            throw new UsageException(option + " must be a positive duration such as 90m, 2h or 1d, was " + d);
        }
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

    /** Where an intensity comes from, as JSON fields: datasetYear (null when unknown), estimated, source, note. */
    static void writeOrigin(JsonGenerator g, IntensityProvenance p) throws IOException {
        if (p.datasetYear() > 0) {
            g.writeNumberField("datasetYear", p.datasetYear());
        } else {
            g.writeNullField("datasetYear");
        }
        g.writeBooleanField("estimated", p.estimated());
        g.writeStringField("source", p.source());
        g.writeStringField("note", p.note());
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
            writeOrigin(g, p);
            g.writeStringField("datasetVersion", data.version());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
