package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The provider answers' JSON errors as {@link FeedException}s (BAD_RESPONSE) that name the provider, so that a
 * feed falls back instead of failing: the parsers read the tree with {@link JsonTree}'s accessors and turn a
 * {@link JsonException} (not JSON, or a member missing or of another type) into one here. Also the checks every
 * provider's data points share. The answers are a few kB, so a tree is simpler than per-provider token loops.
 */
final class FeedJson {

    private FeedJson() {
    }

    /** @throws FeedException (BAD_RESPONSE) when the body is not one JSON value, saying where */
    static Object parse(String providerId, String json) throws FeedException {
        try {
            return JsonTree.parse(json);
        } catch (JsonException e) {
            throw new FeedException(FeedException.Kind.BAD_RESPONSE, 0,
                    providerId + " sent a body that is not JSON: " + e.getMessage(), e);
        }
    }

    static FeedException bad(String providerId, String what) {
        return new FeedException(FeedException.Kind.BAD_RESPONSE, providerId + " response not in the documented shape: " + what);
    }

    /** A member missing or of another type, as the provider's BAD_RESPONSE. */
    static FeedException bad(String providerId, JsonException e) {
        return new FeedException(FeedException.Kind.BAD_RESPONSE, 0,
                providerId + " response not in the documented shape: " + e.getMessage(), e);
    }

    /**
     * An intensity point from answer values, checked here so that a bad value is a {@link FeedException}
     * (the feed falls back) and never an unchecked exception on the refresh thread: grams per kWh must be
     * finite and non-negative, the period positive and within the time line.
     */
    static IntensityPoint point(String providerId, Instant start, Duration period, double gramsPerKwh)
            throws FeedException {
        if (period == null || period.isNegative() || period.isZero()) {
            throw bad(providerId, "the period of a data point is not positive: " + period);
        }
        try {
            return point(providerId, start, start.plus(period), gramsPerKwh);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw bad(providerId, "a data point ends beyond the time line: " + start + " + " + period);
        }
    }

    static IntensityPoint point(String providerId, Instant start, Instant end, double gramsPerKwh)
            throws FeedException {
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw bad(providerId, "intensity " + gramsPerKwh + " is not a non-negative number");
        }
        if (!end.isAfter(start)) {
            throw bad(providerId, "a data point ends (" + end + ") before it starts (" + start + ")");
        }
        return new IntensityPoint(start, end, gramsPerKwh);
    }

    /** Parses ISO-8601 times with offset, with or without seconds and fractions ("2018-01-20T12:00Z"). */
    static Instant instant(String providerId, Map<String, Object> obj, String field) throws FeedException {
        String text;
        try {
            text = JsonTree.requireString(obj, field);
        } catch (JsonException e) {
            throw bad(providerId, e);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(providerId, "field '" + field + "' is not an ISO-8601 time with offset: " + text);
        }
    }
}
