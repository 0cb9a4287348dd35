package io.github.energy4j.carbon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.IntensityPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarbonWindowsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    /** Hourly buckets with the given values from T0. */
    private static List<IntensityPoint> hourly(double... values) {
        List<IntensityPoint> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new IntensityPoint(T0.plus(Duration.ofHours(i)), T0.plus(Duration.ofHours(i + 1)), values[i]));
        }
        return out;
    }

    @Test
    void shouldPickTheCheapestTwoHoursBeforeDeadline() {
        List<IntensityPoint> f = hourly(400, 380, 300, 100, 120, 500, 50, 50);
        // deadline at hour 6 excludes the 50s; best 2 h is hours 3-5: (100 + 120) / 2 = 110
        CarbonWindows.WindowChoice w = CarbonWindows.bestStart(f, T0, T0.plus(Duration.ofHours(6)), Duration.ofHours(2), 10, 1.0).orElseThrow();
        assertEquals(T0.plus(Duration.ofHours(3)), w.start());
        assertEquals(110.0, w.averageGramsPerKwh(), 1e-9);
        assertEquals(390.0, w.runNowAverageGramsPerKwh(), 1e-9);
        assertEquals(10 * 390.0 - 10 * 110.0, w.savedGrams(), 1e-9);
        assertEquals((390.0 - 110.0) / 390.0 * 100, w.savedPercent(), 1e-9);
    }

    @Test
    void shouldStartInsideABucketWhenThatGivesTheLowestAverage() {
        // 90 min job over 500 | 100 | 200 | 500: best covers all of 100 and half of 200 -> start at hour 1
        List<IntensityPoint> f = hourly(500, 100, 200, 500);
        CarbonWindows.WindowChoice w = CarbonWindows.bestStart(f, T0, T0.plus(Duration.ofHours(4)), Duration.ofMinutes(90), 1, 1).orElseThrow();
        assertEquals(T0.plus(Duration.ofHours(1)), w.start());
        assertEquals((100 * 60 + 200 * 30) / 90.0, w.averageGramsPerKwh(), 1e-9);
        // 30 min job when now is mid-bucket: 10:30 start in bucket 1 beats waiting
        List<IntensityPoint> g = hourly(300, 100, 300);
        CarbonWindows.WindowChoice h = CarbonWindows.bestStart(g, T0.plus(Duration.ofMinutes(90)), T0.plus(Duration.ofHours(3)),
                Duration.ofMinutes(30), 1, 1).orElseThrow();
        assertEquals(T0.plus(Duration.ofMinutes(90)), h.start());
        assertEquals(0.0, h.savedGrams(), 1e-9);
    }

    @Test
    void shouldReturnEmptyWhenJobCannotFinishBeforeDeadline() {
        assertTrue(CarbonWindows.bestStart(hourly(1, 2), T0, T0.plus(Duration.ofHours(1)), Duration.ofHours(2), 1, 1).isEmpty());
        // and when the forecast does not reach far enough
        assertTrue(CarbonWindows.bestStart(hourly(1), T0, T0.plus(Duration.ofHours(5)), Duration.ofHours(2), 1, 1).isEmpty());
    }

    @Test
    void shouldPickRegionAndTimeWithLowestIntensityAndReportSavingsVersusHomeNow() {
        Map<String, List<IntensityPoint>> f = new LinkedHashMap<>();
        f.put("eu-central-1", hourly(400, 400, 400, 400));
        f.put("eu-north-1", hourly(60, 30, 60, 60));
        f.put("eu-west-3", hourly(50, 50, 50, 50));
        CarbonWindows.RegionChoice c = CarbonWindows.bestRegion(f, "eu-central-1", T0, T0.plus(Duration.ofHours(4)), Duration.ofHours(1), 2, 1.2)
                .orElseThrow();
        assertEquals("eu-north-1", c.region());
        assertEquals(T0.plus(Duration.ofHours(1)), c.window().start());
        // home now: 2 kWh x 1.2 x 400 = 960 g; best: 2 x 1.2 x 30 = 72 g
        assertEquals(960.0 - 72.0, c.savedGrams(), 1e-9);
        assertEquals((960.0 - 72.0) / 960.0 * 100, c.savedPercent(), 1e-9);
    }

    @Test
    void shouldRankRegionsByGramsIncludingEachRegionsPue() {
        Map<String, List<IntensityPoint>> f = new LinkedHashMap<>();
        f.put("home", hourly(300, 300));
        f.put("low-grid-high-pue", hourly(100, 100));
        f.put("higher-grid-low-pue", hourly(110, 110));
        Map<String, Double> pue = Map.of("home", 1.2, "low-grid-high-pue", 1.5, "higher-grid-low-pue", 1.1);
        CarbonWindows.RegionChoice c = CarbonWindows.bestRegion(f, pue, "home", T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(1), 2)
                .orElseThrow();
        // by hand: 100 x 1.5 = 150 g/kWh against 110 x 1.1 = 121 g/kWh of IT energy
        assertEquals("higher-grid-low-pue", c.region());
        // home now: 2 kWh x 1.2 x 300 = 720 g; chosen: 2 x 1.1 x 110 = 242 g
        assertEquals(2 * 1.1 * 110, c.window().gramsAtChoice(), 1e-9);
        assertEquals(720.0 - 242.0, c.savedGrams(), 1e-9);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CarbonWindows.bestRegion(f,
                Map.of("home", 1.2), "home", T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(1), 2));
    }
}
