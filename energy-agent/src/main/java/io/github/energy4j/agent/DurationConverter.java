package io.github.energy4j.agent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one duration syntax of the command line, registered once for every {@link Duration} option: a non-negative
 * number with a unit, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or {@code w} ({@code 200ms},
 * {@code 1.5s}, {@code 10m}, {@code 2h}, {@code 30d}, {@code 4w}), a bare number of seconds ({@code 10},
 * {@code 0.5}), or ISO-8601 ({@code PT10S}, {@code P1D}). Case and surrounding blanks do not matter; a duration must
 * fit in a signed 64-bit count of nanoseconds (about 292 years). The same syntax is read from environment variables
 * ({@code GPU_WINDOW}) and the GPU settings' JSON.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    /** What a bad value's message suggests. */
    public static final String EXAMPLES = "e.g. 500ms, 10s, 5m, 1h, 30d or PT10S";

    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|m|h|d|w)?");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * Parses one duration.
     *
     * @throws IllegalArgumentException {@code 'TEXT' is not a duration (e.g. ...)}
     */
    public static Duration parse(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d = null;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                Matcher m = NUMBER.matcher(v);
                if (m.matches()) {
                    long unit = unitNanos(m.group(2) == null ? "s" : m.group(2));
                    d = Duration.ofNanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit))
                            .setScale(0, RoundingMode.DOWN).longValueExact());
                }
            }
            if (d != null && !d.isNegative()) {
                d.toNanos(); // in range
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (" + EXAMPLES + ")");
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> 604_800_000_000_000L; // w
        };
    }
}
