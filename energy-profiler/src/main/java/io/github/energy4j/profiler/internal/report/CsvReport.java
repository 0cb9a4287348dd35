package io.github.energy4j.profiler.internal.report;

import java.util.List;

/** The top-N method table as CSV (RFC 4180). A pure function. */
public final class CsvReport {

    private CsvReport() {
    }

    /**
     * The file's text: a first line {@code # } and {@link Text#statement the profile's statement} (read it with a
     * comment character of {@code #}, e.g. pandas' {@code comment='#'}), the header
     * {@code method,selfJoules,totalJoules,share,samples}, then the first {@code top} rows of
     * {@link MethodTable#rows}; joules with 6 decimals, share (of the profile's energy, 0 to 1) with 6.
     */
    public static String format(EnergyProfile p, int top) {
        List<MethodTable.Row> rows = MethodTable.rows(p);
        StringBuilder b = new StringBuilder();
        b.append("# energy4j energy profile, top ").append(Math.min(top, rows.size())).append(" of ")
                .append(rows.size()).append(" methods by self energy: ").append(Text.statement(p.summary()))
                .append('\n');
        b.append("method,selfJoules,totalJoules,share,samples\n");
        for (int i = 0; i < rows.size() && i < top; i++) {
            MethodTable.Row r = rows.get(i);
            b.append(field(r.method())).append(',').append(Text.fixed(r.selfJoules(), 6)).append(',')
                    .append(Text.fixed(r.totalJoules(), 6)).append(',').append(Text.fixed(r.share(), 6)).append(',')
                    .append(r.samples()).append('\n');
        }
        return b.toString();
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
