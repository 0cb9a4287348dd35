package io.github.energy4j.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreenOpsHistoryTest {

    private static final double KWH = 3.6e6;

    private static PeriodFigures figures(Map<String, PeriodFigures.Node> nodes, Map<String, Map<String, Double>> pods) {
        return new PeriodFigures(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), nodes,
                pods, List.of("q"));
    }

    @Test
    void shouldLeaveCo2eUnknownAndRecommendNothingForABusyFleetWithoutCarbonData() {
        PeriodFigures f = figures(Map.of("n1", new PeriodFigures.Node(10 * KWH, 1 * KWH, 0, 0, Double.NaN, 0.8, "")),
                Map.of("web", Map.of("n1", 8 * KWH)));
        GreenOpsHistory h = new GreenOpsHistory(f, null, "http://p");
        assertEquals(10.0, h.summary.kwh(), 1e-12);
        assertTrue(Double.isNaN(h.summary.grams()));
        assertEquals(90.0, h.summary.efficiencyScore(), 1e-9);
        assertEquals(List.of(), h.recommendations);
        // rows add up to the total: web 8, idle 1, system 1
        double sum = 0;
        for (GreenOpsHistory.Row r : h.namespaces) {
            sum += r.kwh();
        }
        assertEquals(10.0, sum, 1e-12);
        String md = HistoryRender.markdown(h);
        assertTrue(md.contains("| CO2e | n/a kg |"), md);
        assertTrue(md.contains("None: utilisation"), md);
        assertTrue(HistoryRender.json(h).contains("\"co2eGrams\" : null"), HistoryRender.json(h));
    }

    @Test
    void shouldNotRecommendAGreenerZoneWhenEveryNodeRunsAtTheSameIntensity() {
        PeriodFigures f = figures(Map.of(
                "a", new PeriodFigures.Node(10 * KWH, 5 * KWH, 0, 0, 1000, 0.1, "FR"),
                "b", new PeriodFigures.Node(20 * KWH, 10 * KWH, 0, 0, 2000, 0.1, "FR")), Map.of());
        GreenOpsHistory h = new GreenOpsHistory(f, null, "http://p");
        assertEquals(List.of("consolidate"), h.recommendations.stream().map(GreenOpsHistory.Recommendation::id).toList());
        // idle 15 kWh x (1 - 0.1 / 0.6)
        assertEquals(12.5, h.recommendations.get(0).savingsKwh(), 1e-9);
        assertEquals(1, h.zones.size());
        assertEquals(30.0, h.zones.get(0).kwh(), 1e-12);
    }
}
