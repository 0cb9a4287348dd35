package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.PRICE;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.assertBetween;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.burn;
import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.micrometer.EnergyMetricsPrometheusTest.Sample;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EnergyObservationHandler through a real Prometheus registry: the exposed names, one label-key set per name (the
 * registry refuses a meter whose keys differ from an earlier one of its name), and the scraped values, parsed.
 */
class EnergyObservationHandlerPrometheusTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    @Test
    void shouldExposeObservationsWithDifferentTagKeysUnderTheirOwnNamesWithTheirReadings() {
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<String> failures = new ArrayList<>();
            prom.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
            ObservationRegistry observations = ObservationRegistry.create();
            try (EnergyObservationHandler handler = new EnergyObservationHandler(node.meter, prom)) {
                observations.observationConfig().observationHandler(handler);
                Observation gold = Observation.createNotStarted("checkout", observations)
                        .lowCardinalityKeyValue("tier", "gold").highCardinalityKeyValue("order", "o-17");
                gold.observe(() -> burn(60));
                Observation silver = Observation.createNotStarted("checkout", observations)
                        .lowCardinalityKeyValue("tier", "silver").highCardinalityKeyValue("order", "o-18");
                silver.observe(() -> burn(20));
                Observation query = Observation.createNotStarted("db.query", observations)
                        .lowCardinalityKeyValue("table", "orders").lowCardinalityKeyValue("op", "select");
                query.observe(() -> burn(30));
                // the same name with another key set: counted under the first one's keys, not refused
                Observation odd = Observation.createNotStarted("db.query", observations)
                        .lowCardinalityKeyValue("table", "items");
                odd.observe(() -> burn(10));

                List<Sample> samples = EnergyMetricsPrometheusTest.parse(prom.scrape());
                assertEquals(List.of(), failures, "the registry refused meters");

                Map<Map<String, String>, Double> checkout = series(samples, "checkout_energy_joules_total");
                Map<Map<String, String>, Double> db = series(samples, "db_query_energy_joules_total");
                assertEquals(Map.of(
                        Map.of("tier", "gold", "provenance", "measured"), joules(gold),
                        Map.of("tier", "silver", "provenance", "measured"), joules(silver)), checkout);
                assertEquals(Map.of(
                        Map.of("table", "orders", "op", "select", "provenance", "measured"), joules(query),
                        Map.of("table", "items", "op", "none", "provenance", "measured"), joules(odd)), db);
                assertBetween(2, 5, joules(gold) / joules(silver), "60 ms against 20 ms of CPU");
                assertBetween(0.058 * PRICE, 0.1 * PRICE, joules(gold), "60 ms at 14 J per CPU-second");
                for (Sample s : samples) {
                    assertEquals(false, s.labels().containsKey("order"), "a high-cardinality key is no label: " + s);
                }
                List<String> names = new ArrayList<>();
                for (Sample s : samples) {
                    names.add(s.name());
                }
                assertEquals(List.of(), names.stream().filter(n -> !n.endsWith("_energy_joules_total")).toList(),
                        "nothing else is registered");
            }
        }
    }

    @Test
    void shouldExposeUnavailableObservationsAsACountNotAsZeroJoules() {
        try (FakeNode unpriced = FakeNode.start(tmp, false, true)) { // no interval: no price
            PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ObservationRegistry observations = ObservationRegistry.create();
            try (EnergyObservationHandler handler = new EnergyObservationHandler(unpriced.meter, prom)) {
                observations.observationConfig().observationHandler(handler);
                Observation.createNotStarted("import", observations).lowCardinalityKeyValue("kind", "csv")
                        .observe(() -> burn(5));
                Observation.createNotStarted("import", observations).lowCardinalityKeyValue("kind", "csv")
                        .observe(() -> burn(5));
                List<Sample> samples = EnergyMetricsPrometheusTest.parse(prom.scrape());
                assertEquals(Map.of(Map.of("observation", "import"), 2.0),
                        series(samples, "energy_observation_unavailable_total"));
                assertEquals(Map.of(), series(samples, "import_energy_joules_total"));
            }
        }
    }

    private static double joules(Observation o) {
        EnergyReading r = o.getContext().get(EnergyReading.class);
        assertNotNull(r, "no reading on " + o);
        assertEquals(PRICE * seconds(r.cpuTime()), r.joules(), EPS);
        return r.joules();
    }

    private static Map<Map<String, String>, Double> series(List<Sample> samples, String name) {
        Map<Map<String, String>, Double> out = new HashMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name)) {
                assertEquals(null, out.put(s.labels(), s.value()), "duplicate series " + s);
            }
        }
        return out;
    }
}
