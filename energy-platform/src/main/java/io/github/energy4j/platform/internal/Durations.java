package io.github.energy4j.platform.internal;

import java.time.Duration;
import java.util.Locale;

/** Parses durations in configuration values. */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 2m} or a plain number of seconds ({@code 1.5}).
     *
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public static Duration parse(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double factorMillis = 1000;
        if (v.endsWith("ms")) {
            factorMillis = 1;
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factorMillis = 60_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            double millis = Double.parseDouble(v.trim()) * factorMillis;
            if (millis > 0 && millis < 86_400_000) {
                return Duration.ofMillis(Math.max(1, Math.round(millis)));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a positive duration such as 500ms, 5s or 2m, was '"
                + value + "'");
    }
}
