package io.github.energy4j.profiler.internal.report;

import io.github.energy4j.profiler.internal.ProfilerOptions;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number and string forms shared by the writers: fixed, locale-free and the same on every run. */
final class Text {

    private Text() {
    }

    /** {@code v} rounded half-up to {@code decimals} places, without exponent; {@code null} for NaN or infinity. */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        return s.startsWith("-") && s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** A JSON string literal; {@code <}, {@code >} and {@code &} escaped too, so it can sit inside HTML. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Text for an HTML element's content or a quoted attribute. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The one-line statement every output carries: provenance, sampling interval, samples, coverage, energy, and
     * the GPU energy beside.
     */
    static String statement(ProfileSummary s) {
        return "energy " + s.provenance() + "; sampling interval " + ProfilerOptions.format(s.interval())
                + "; samples " + s.samples() + "; coverage " + percent(s.coverage()) + " of "
                + fixed(s.cpuSeconds(), 3) + " CPU-seconds; CPU energy " + fixed(s.joules(), 3)
                + " J over " + fixed(s.duration().toNanos() * 1e-9, 1) + " s; GPU energy "
                + (Double.isNaN(s.gpuJoules()) ? "not metered" : fixed(s.gpuJoules(), 3) + " J " + s.gpuProvenance()
                + ", beside, not per method");
    }

    /** {@code 97.1%}, or {@code n/a} for NaN. */
    static String percent(double ratio) {
        String f = fixed(ratio * 100, 1);
        return f == null ? "n/a" : f + "%";
    }
}
