package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.EnergyObservationHandlerTest.burn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "Micrometer Observation" example, compiled and run on this host's meter;
 * {@link #shouldMatchTheReadme()} fails when the README's code and the code between the markers here drift apart.
 */
class ObservationGuideTest {

    record Cart(int items) {
    }

    @Test
    void shouldRunTheObservationExample() {
        Cart cart = new Cart(2);
        String orderId = "o-4711";
        PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObservationRegistry observationRegistry = ObservationRegistry.create();
        Observation observation;
        try (EnergyMeter meter = EnergyMeter.create()) {
            // --- README observation begins ---
            EnergyObservationHandler handler = new EnergyObservationHandler(meter, meterRegistry);
            observationRegistry.observationConfig().observationHandler(handler);

            Observation.createNotStarted("checkout", observationRegistry)
                    .lowCardinalityKeyValue("tier", "gold")           // a tag of checkout.energy
                    .highCardinalityKeyValue("order", orderId)        // never a tag
                    .observe(() -> checkout(cart));                   // charged to this thread while it runs
            // --- README observation pauses ---
            observation = Observation.createNotStarted("checkout", observationRegistry)
                    .lowCardinalityKeyValue("tier", "gold");
            observation.observe(() -> checkout(cart));
            // --- README observation resumes ---
            // Prometheus: checkout_energy_joules_total{provenance="measured",tier="gold"} (or "estimated")
            // --- README observation ends ---
            handler.close();
        }
        EnergyReading second = observation.getContext().get(EnergyReading.class);
        assertNotEquals(Provenance.UNAVAILABLE, second.source());
        assertTrue(second.cpuTime().toMillis() >= 30, second.toString());
        List<EnergyMetricsPrometheusTest.Sample> samples = EnergyMetricsPrometheusTest.parse(meterRegistry.scrape());
        assertEquals(1, samples.size(), samples.toString());
        EnergyMetricsPrometheusTest.Sample s = samples.get(0);
        assertEquals("checkout_energy_joules_total", s.name());
        assertEquals(Map.of("tier", "gold", "provenance", second.source().toString()), s.labels());
        assertTrue(s.value() > second.joules(), "both checkouts: " + s.value() + " J, the second " + second.joules());
    }

    private static void checkout(Cart cart) {
        burn(30L * cart.items() / 2);
    }

    @Test
    void shouldMatchTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Micrometer Observation"));
        int from = section.indexOf("```java\nEnergyObservationHandler handler");
        String block = section.substring(from + "```java\n".length(), section.indexOf("```", from + 7));
        String test = Files.readString(
                Path.of("src/test/java/io/github/energy4j/micrometer/ObservationGuideTest.java"));
        String code = test.substring(test.indexOf("// --- README observation begins ---"),
                test.indexOf("// --- README observation ends ---"));
        List<String> lines = new ArrayList<>();
        boolean paused = false;
        for (String line : code.split("\n", -1)) {
            if (line.contains("README observation pauses")) {
                paused = true;
            } else if (line.contains("README observation resumes")) {
                paused = false;
            } else if (!paused && !line.contains("README observation begins")) {
                lines.add(line);
            }
        }
        int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
        StringBuilder expected = new StringBuilder();
        for (String line : lines) {
            expected.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        assertEquals(expected.toString().strip(), block.strip());
    }
}
