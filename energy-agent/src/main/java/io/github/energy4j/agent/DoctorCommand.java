package io.github.energy4j.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.procfs.ClockTicks;
import io.github.energy4j.procfs.ProcfsScanner;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code energy4j doctor}: every provider with its availability, the reason and the remedy (or, when available,
 * its notes), the zones it offers, and which one would be used per group.
 */
@Command(name = "doctor", description = "What can be measured here, and how to fix what cannot.")
final class DoctorCommand extends CliCommand {

    @Mixin
    HostOptions host;

    @Option(names = "--format", paramLabel = "F", description = "table|json (default table)")
    String format = "table";

    /** Longest line the table prints for a zone's details. */
    static final int WIDTH = 100;

    /** Zone details sit under the zone's name. */
    private static final String ZONE_DETAIL_INDENT = "              ";

    /**
     * Splits {@code text} at spaces into lines of at most {@code width} characters (a word longer than that,
     * a path say, gets a line of its own); continuation lines are indented by two spaces.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder(width);
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.toString().isBlank()) {
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public Integer call() throws IOException {
        String format = Cli.choice("--format", this.format, "table", "json");
        EnergyMeter.Builder b = host.builder();
        List<SourceStatus> statuses = b.probe();
        Set<String> forced = new HashSet<>(host.sourceIds());
        for (String id : forced) {
            if (statuses.stream().noneMatch(s -> s.id().equals(id))) {
                throw new UsageException("unknown source '" + id + "'; known sources: "
                        + statuses.stream().map(SourceStatus::id).toList());
            }
        }
        boolean[] selected = new boolean[statuses.size()];
        Set<Zone.Group> taken = EnumSet.noneOf(Zone.Group.class);
        for (int i = 0; i < statuses.size(); i++) {
            SourceStatus s = statuses.get(i);
            boolean want = forced.isEmpty() ? !taken.contains(s.group()) : forced.contains(s.id());
            if (s.available() && want) {
                selected[i] = true;
                taken.add(s.group());
            }
        }
        String procfs = host.procfs;
        ProcfsScanner scanner = new ProcfsScanner(java.nio.file.Path.of(procfs), true, 1, 0);
        int processes = scanner.scan((stat, buf) -> { });
        scanner.close();
        if ("json".equals(format)) {
            try (JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                g.writeObjectFieldStart("procfs");
                g.writeStringField("root", procfs);
                g.writeBooleanField("readable", processes >= 0);
                g.writeNumberField("processes", Math.max(0, processes));
                g.writeNumberField("clockTicksPerSecond", ClockTicks.perSecond());
                g.writeEndObject();
                g.writeArrayFieldStart("sources");
                for (int i = 0; i < statuses.size(); i++) {
                    SourceStatus s = statuses.get(i);
                    g.writeStartObject();
                    g.writeStringField("id", s.id());
                    g.writeStringField("group", s.group().tag());
                    g.writeNumberField("priority", s.priority());
                    g.writeStringField("description", s.description());
                    g.writeBooleanField("available", s.available());
                    g.writeBooleanField("selected", selected[i]);
                    g.writeStringField("reason", s.reason());
                    g.writeStringField("remedy", s.remedy());
                    g.writeArrayFieldStart("zones");
                    for (Zone z : s.zones()) {
                        Json.zone(g, z);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.println();
            return 0;
        }
        out.printf("procfs %s: %s%n", procfs, processes >= 0 ? processes + " processes readable, USER_HZ "
                + ClockTicks.perSecond() : "NOT readable");
        for (int i = 0; i < statuses.size(); i++) {
            SourceStatus s = statuses.get(i);
            String mark = selected[i] ? "[USED]" : s.available() ? "[ok]  " : "[--]  ";
            out.printf("%s %-10s %-8s prio %-4d %s%n", mark, s.id(), s.group().tag(), s.priority(), s.description());
            if (!s.available()) {
                out.printf("         reason: %s%n", s.reason());
                if (!s.remedy().isEmpty()) {
                    out.printf("         remedy: %s%n", s.remedy());
                }
            } else if (!s.reason().isEmpty()) {
                // an available source's probe notes: zones left out, zones read despite a flag (RAPL enabled=0)
                for (String note : s.reason().split("; ")) {
                    out.printf("         note: %s%n", note);
                }
            }
            for (Zone z : s.zones()) {
                out.printf("         zone %-12s %-9s %s%s%n", z.name(), z.domain().tag(), z.estimated() ? "estimated" : "measured",
                        Double.isNaN(z.maxWatts()) ? "" : String.format(java.util.Locale.ROOT, ", max %.1f W", z.maxWatts()));
                if (!z.device().isBlank()) {
                    for (String line : wrap("device: " + ReportCommand.printable(z.device().strip(), 1000),
                            WIDTH - ZONE_DETAIL_INDENT.length())) {
                        out.println(ZONE_DETAIL_INDENT + line);
                    }
                }
            }
        }
        for (Zone.Group g : Zone.Group.values()) {
            if (!taken.contains(g)) {
                out.printf("no %s source available%n", g.tag());
            }
        }
        return 0;
    }
}
