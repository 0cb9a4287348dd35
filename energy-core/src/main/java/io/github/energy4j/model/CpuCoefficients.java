package io.github.energy4j.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded per-vCPU power coefficients (Cloud Carbon Footprint, Apache-2.0, derived from
 * SPECpower_ssj2008; see {@code cpu-coefficients.csv} and the NOTICE file).
 */
public final class CpuCoefficients {

    /** One row of the table. */
    public record Row(String provider, String microarchitecture, double minWattsPerVcpu, double maxWattsPerVcpu,
                      String source) {
        public LinearPowerCurve curve() {
            return new LinearPowerCurve(minWattsPerVcpu, maxWattsPerVcpu,
                    "Cloud Carbon Footprint " + provider + " " + microarchitecture);
        }
    }

    /** The fallback when nothing is configured: CCF's AWS average over its microarchitectures. */
    public static final String DEFAULT_PROVIDER = "aws";
    public static final String DEFAULT_MICROARCHITECTURE = "(unknown; provider average)";

    private static volatile List<Row> rows;

    private CpuCoefficients() {
    }

    /** All rows of the embedded table. */
    public static List<Row> rows() {
        List<Row> r = rows;
        if (r == null) {
            r = load();
            rows = r;
        }
        return r;
    }

    /** A row by provider and microarchitecture, case-insensitive. */
    public static Optional<Row> find(String provider, String microarchitecture) {
        for (Row r : rows()) {
            if (r.provider.equalsIgnoreCase(provider) && r.microarchitecture.equalsIgnoreCase(microarchitecture)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The default curve (CCF AWS average). */
    public static LinearPowerCurve defaultCurve() {
        return find(DEFAULT_PROVIDER, DEFAULT_MICROARCHITECTURE)
                .orElseThrow(() -> new IllegalStateException("embedded cpu-coefficients.csv lacks the default row"))
                .curve();
    }

    private static List<Row> load() {
        List<Row> out = new ArrayList<>();
        try (InputStream in = CpuCoefficients.class.getResourceAsStream("cpu-coefficients.csv")) {
            if (in == null) {
                throw new IllegalStateException("cpu-coefficients.csv missing from the energy-core jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = splitCsv(line);
                if (f.size() < 5) {
                    continue;
                }
                out.add(new Row(f.get(0).toLowerCase(Locale.ROOT), f.get(1), Double.parseDouble(f.get(2)),
                        Double.parseDouble(f.get(3)), f.get(4)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    /** Splits one CSV line, honouring double-quoted fields. */
    static List<String> splitCsv(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                f.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        f.add(cur.toString());
        return f;
    }
}
