package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.energy4j.carbon.IntensityPoint;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the parsers of the live carbon-intensity APIs: a body either gives valid points (start before
 * end, grams per kWh finite and non-negative) or fails with {@link FeedException}, which makes the feed
 * fall back to its last good value. Anything else would escape into the background refresher.
 * Replays {@code CarbonParsersFuzzTestInputs/} unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class CarbonParsersFuzzTest {

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static void check(List<IntensityPoint> points) {
        assertNotNull(points);
        for (IntensityPoint p : points) {
            assertTrue(p.end().isAfter(p.start()));
            assertTrue(Double.isFinite(p.gramsPerKwh()) && p.gramsPerKwh() >= 0, "grams per kWh " + p.gramsPerKwh());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void electricityMaps(byte[] data) {
        String json = text(data);
        try {
            check(ElectricityMapsParser.parseLatest(json, "DE").points());
        } catch (FeedException e) {
            // falls back
        }
        try {
            check(ElectricityMapsParser.parseHistory(json));
        } catch (FeedException e) {
            // falls back
        }
        try {
            check(ElectricityMapsParser.parseForecast(json));
        } catch (FeedException e) {
            // falls back
        }
    }

    @FuzzTest(maxDuration = "60s")
    void wattTime(byte[] data) {
        String json = text(data);
        try {
            check(WattTimeParser.parse(json, "CAISO_NORTH").points());
        } catch (FeedException e) {
            // falls back
        }
        try {
            assertNotNull(WattTimeParser.parseToken(json));
        } catch (FeedException e) {
            // login failed: named in the status, never logged with the token
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ukGrid(byte[] data) {
        String json = text(data);
        try {
            check(UkGridParser.parse(json));
        } catch (FeedException e) {
            // falls back
        }
        try {
            FeedSnapshot snap = UkGridParser.parseSnapshot(json, io.github.energy4j.carbon.IntensityProvenance.live(
                    "ukgrid", "GB", io.github.energy4j.carbon.EmissionBasis.AVERAGE,
                    io.github.energy4j.carbon.EmissionScope.DIRECT, "fuzz"));
            check(snap.points());
            for (int i = 0; i < snap.points().size(); i++) {
                assertNotNull(snap.provenanceAt(i));
            }
        } catch (FeedException e) {
            // falls back
        }
        try {
            assertNotNull(UkGridParser.regionName(json));
        } catch (FeedException e) {
            // falls back
        }
    }

    @FuzzTest(maxDuration = "60s")
    void carbonAwareSdk(byte[] data) {
        String json = text(data);
        try {
            check(CarbonAwareSdkParser.parseEmissions(json));
        } catch (FeedException e) {
            // falls back
        }
        try {
            check(CarbonAwareSdkParser.parseForecast(json));
        } catch (FeedException e) {
            // falls back
        }
    }
}
