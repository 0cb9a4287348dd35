package io.github.energy4j.agent.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Markdown, HTML and JSON forms of a {@link GreenOpsHistory}. */
final class HistoryRender {

    private HistoryRender() {
    }

    private static String n(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String pct(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * ratio);
    }

    private static String change(double now, double before) {
        if (Double.isNaN(now) || Double.isNaN(before) || before == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f %%", 100 * (now - before) / before);
    }

    static String markdown(GreenOpsHistory h) {
        StringBuilder b = new StringBuilder();
        GreenOpsHistory.Summary s = h.summary;
        b.append("# Green-ops report ").append(h.current.start()).append(" to ").append(h.current.end()).append("\n\n");
        b.append("| figure | value |\n|---|---|\n");
        b.append("| energy | ").append(n(s.kwh(), 3)).append(" kWh |\n");
        b.append("| CO2e | ").append(n(s.grams() / 1000, 3)).append(" kg |\n");
        b.append("| mean intensity | ").append(n(s.gramsPerKwh(), 1)).append(" g/kWh |\n");
        b.append("| idle share | ").append(pct(s.idleShare())).append(" |\n");
        b.append("| CPU utilisation | ").append(pct(s.cpuUtilisation())).append(" |\n");
        b.append("| GPU energy | ").append(n(s.gpuKwh(), 3)).append(" kWh, ").append(pct(s.gpuUtilisation()))
                .append(" active |\n");
        b.append("| efficiency score | ").append(n(s.efficiencyScore(), 1)).append(" / 100 |\n\n");
        if (h.previousSummary != null) {
            GreenOpsHistory.Summary p = h.previousSummary;
            b.append("## Trend against ").append(h.previous.start()).append(" to ").append(h.previous.end())
                    .append("\n\n| figure | previous | now | change |\n|---|---|---|---|\n");
            b.append("| energy kWh | ").append(n(p.kwh(), 3)).append(" | ").append(n(s.kwh(), 3)).append(" | ")
                    .append(change(s.kwh(), p.kwh())).append(" |\n");
            b.append("| CO2e kg | ").append(n(p.grams() / 1000, 3)).append(" | ").append(n(s.grams() / 1000, 3))
                    .append(" | ").append(change(s.grams(), p.grams())).append(" |\n");
            b.append("| efficiency score | ").append(n(p.efficiencyScore(), 1)).append(" | ")
                    .append(n(s.efficiencyScore(), 1)).append(" | ").append(change(s.efficiencyScore(),
                            p.efficiencyScore())).append(" |\n\n");
        }
        b.append("## By namespace\n\n| namespace | kWh | CO2e kg |").append(h.previous != null ? " change |" : "")
                .append("\n|---|---|---|").append(h.previous != null ? "---|" : "").append('\n');
        for (GreenOpsHistory.Row r : h.namespaces) {
            b.append("| ").append(r.name()).append(" | ").append(n(r.kwh(), 3)).append(" | ")
                    .append(n(r.grams() / 1000, 3)).append(" |");
            if (h.previous != null) {
                b.append(' ').append(change(r.kwh(), h.previousNamespaceKwh.getOrDefault(r.name(), Double.NaN)))
                        .append(" |");
            }
            b.append('\n');
        }
        b.append("\n## By grid zone\n\n| zone | kWh | CO2e kg | g/kWh |\n|---|---|---|---|\n");
        for (GreenOpsHistory.Row r : h.zones) {
            b.append("| ").append(r.name()).append(" | ").append(n(r.kwh(), 3)).append(" | ")
                    .append(n(r.grams() / 1000, 3)).append(" | ").append(n(r.grams() / r.kwh(), 1)).append(" |\n");
        }
        b.append("\n## Recommendations\n\n");
        if (h.recommendations.isEmpty()) {
            b.append("None: utilisation, idle share and grid zones give no saving to act on.\n");
        }
        for (GreenOpsHistory.Recommendation r : h.recommendations) {
            b.append("- **").append(r.id()).append("**: ").append(r.text()).append(". Estimated savings over a "
                    + "period like this: ").append(n(r.savingsKwh(), 3)).append(" kWh, ")
                    .append(n(r.savingsGrams() / 1000, 3)).append(" kg CO2e (upper bound; ").append(r.basis())
                    .append(").\n");
        }
        b.append("\n## Provenance\n\n- Source: ").append(h.source).append(", energy4j serve series (Kepler naming "
                + "with energy4j_ extensions)\n- CO2e: as each agent converted it with its configured grid intensity "
                + "(energy4j_node_*_carbon_grams_total); n/a when the agents had none\n- Queries:\n");
        for (String q : h.current.queries()) {
            b.append("  - `").append(q).append("`\n");
        }
        return b.toString();
    }

    static String html(GreenOpsHistory h) {
        // the markdown tables as HTML; no script, no external resources
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Green-ops report"
                + "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
                + "padding:2px 6px}</style></head><body>\n");
        boolean table = false;
        for (String line : markdown(h).split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                if (!table) {
                    b.append("<table>\n");
                    table = true;
                }
                b.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                for (String c : cells) {
                    b.append("<td>").append(escape(c.strip())).append("</td>");
                }
                b.append("</tr>\n");
                continue;
            }
            if (table) {
                b.append("</table>\n");
                table = false;
            }
            if (line.startsWith("## ")) {
                b.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                b.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.strip().startsWith("- ")) {
                b.append("<p>").append(escape(line.strip().substring(2)).replace("**", "")).append("</p>\n");
            } else if (!line.isBlank()) {
                b.append("<p>").append(escape(line)).append("</p>\n");
            }
        }
        if (table) {
            b.append("</table>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String json(GreenOpsHistory h) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("start", h.current.start().toString());
            g.writeStringField("end", h.current.end().toString());
            g.writeFieldName("summary");
            summary(g, h.summary);
            if (h.previousSummary != null) {
                g.writeFieldName("previous");
                g.writeStartObject();
                g.writeStringField("start", h.previous.start().toString());
                g.writeStringField("end", h.previous.end().toString());
                g.writeFieldName("summary");
                summary(g, h.previousSummary);
                g.writeEndObject();
            }
            g.writeArrayFieldStart("namespaces");
            for (GreenOpsHistory.Row r : h.namespaces) {
                g.writeStartObject();
                g.writeStringField("namespace", r.name());
                Json.number(g, "kwh", r.kwh());
                Json.number(g, "co2eGrams", r.grams());
                if (h.previous != null) {
                    Json.number(g, "previousKwh", h.previousNamespaceKwh.getOrDefault(r.name(), Double.NaN));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("zones");
            for (GreenOpsHistory.Row r : h.zones) {
                g.writeStartObject();
                g.writeStringField("zone", r.name());
                Json.number(g, "kwh", r.kwh());
                Json.number(g, "co2eGrams", r.grams());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("recommendations");
            for (GreenOpsHistory.Recommendation r : h.recommendations) {
                g.writeStartObject();
                g.writeStringField("id", r.id());
                g.writeStringField("text", r.text());
                Json.number(g, "savingsKwh", r.savingsKwh());
                Json.number(g, "savingsCo2eGrams", r.savingsGrams());
                g.writeStringField("basis", r.basis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("provenance");
            g.writeStringField("source", h.source);
            g.writeStringField("series", "energy4j serve, Kepler naming with energy4j_ extensions");
            g.writeArrayFieldStart("queries");
            for (String q : h.current.queries()) {
                g.writeString(q);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString() + "\n";
    }

    private static void summary(JsonGenerator g, GreenOpsHistory.Summary s) throws IOException {
        g.writeStartObject();
        Json.number(g, "kwh", s.kwh());
        Json.number(g, "co2eGrams", s.grams());
        Json.number(g, "gramsPerKwh", s.gramsPerKwh());
        Json.number(g, "idleKwh", s.idleKwh());
        Json.number(g, "idleShare", s.idleShare());
        Json.number(g, "podKwh", s.podKwh());
        Json.number(g, "cpuUtilisation", s.cpuUtilisation());
        Json.number(g, "gpuKwh", s.gpuKwh());
        Json.number(g, "gpuUtilisation", s.gpuUtilisation());
        Json.number(g, "efficiencyScore", s.efficiencyScore());
        g.writeEndObject();
    }
}
