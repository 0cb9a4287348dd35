package io.github.energy4j.micrometer;

import static io.github.energy4j.micrometer.EnergyMetricsTest.self;
import static io.github.energy4j.micrometer.EnergyMetricsTest.zone;
import static io.github.energy4j.micrometer.FakeNode.GRAMS_PER_JOULE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ZoneEnergy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EnergyMetrics through a real Prometheus registry: the names it exposes after the registry's conversion, one
 * label-key set per name (the registry drops a meter whose keys differ from an earlier one of the same name), and
 * the values of the text exposition, parsed.
 */
class EnergyMetricsPrometheusTest {

    private static final double EPS = 1e-9;
    private static final Set<String> ZONE_LABELS = Set.of("app", "zone", "domain", "source", "provenance");

    @TempDir
    Path tmp;

    @Test
    void shouldExposeEveryPrimaryZoneOfThisJvmAndTheNodeWithExactValuesAndOneLabelSetPerName() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<String> failures = registrationFailures(prom);
            new EnergyMetrics(node.meter, Tags.of("app", "checkout")).bindTo(prom);
            List<Sample> samples = parse(prom.scrape());
            assertEquals(List.of(), failures, "the registry refused meters");
            assertExposition(samples, node.meter.snapshot());
        }
    }

    @Test
    void shouldExposeTheSameThroughACompositeToPrometheusAndASimpleRegistryAndLeaveBothOnClose() {
        try (FakeNode node = FakeNode.start(tmp, true, true)) {
            node.oneInterval();
            PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<String> failures = registrationFailures(prom);
            SimpleMeterRegistry simple = new SimpleMeterRegistry();
            CompositeMeterRegistry composite = new CompositeMeterRegistry();
            composite.add(simple);
            composite.add(prom);
            EnergyMetrics metrics = new EnergyMetrics(node.meter, Tags.of("app", "checkout"));
            metrics.bindTo(composite);

            assertEquals(List.of(), failures, "the registry refused meters");
            EnergySnapshot s = node.meter.snapshot();
            assertExposition(parse(prom.scrape()), s);
            assertEquals(3.0, simple.find("energy.process").tag("zone", "package-0").functionCounter().count(), EPS);
            assertEquals(1.2, simple.find("energy.process").tag("zone", "dram-0").functionCounter().count(), EPS);
            assertEquals(10.0, simple.find("energy.node").tag("zone", "package-0").functionCounter().count(), EPS);
            assertEquals(11, simple.getMeters().size());

            metrics.close();
            assertEquals(List.of(), composite.getMeters());
            assertEquals(List.of(), simple.getMeters());
            assertEquals(List.of(), parse(prom.scrape()), "nothing left in the Prometheus registry");
        }
    }

    @Test
    void shouldScrapeNaNForAnUnreadableZoneWithoutLosingTheSeries() {
        try (FakeNode node = FakeNode.start(tmp, false, true)) {
            node.oneInterval();
            node.breakCounter("dram-0");
            node.oneInterval();
            PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<String> failures = registrationFailures(prom);
            new EnergyMetrics(node.meter).bindTo(prom);
            List<Sample> samples = parse(prom.scrape());
            assertEquals(List.of(), failures);
            EnergyMetricsTest.assertNaN(one(samples, "energy_node_joules_total", "dram-0").value, "dram");
            EnergyMetricsTest.assertNaN(one(samples, "energy_process_joules_total", "dram-0").value, "dram");
            assertEquals(20.0, one(samples, "energy_node_joules_total", "package-0").value, EPS);
            assertEquals(6.0, one(samples, "energy_process_joules_total", "package-0").value, EPS);
        }
    }

    /** The FakeNode's values after one interval, as the Prometheus text exposition shows them. */
    private static void assertExposition(List<Sample> samples, EnergySnapshot s) {
        Map<String, Set<Set<String>>> labelKeys = new TreeMap<>();
        for (Sample x : samples) {
            if (x.name.startsWith("energy_") || x.name.startsWith("carbon_")) {
                labelKeys.computeIfAbsent(x.name, n -> new HashSet<>()).add(x.labels.keySet());
            }
        }
        assertEquals(Set.of("energy_process_joules_total", "energy_node_joules_total", "energy_node_power_watts",
                "energy_zone_core_joules_total", "energy_zone_psys_joules_total", "carbon_node_grams_total",
                "carbon_process_grams_total"), labelKeys.keySet());
        for (Map.Entry<String, Set<Set<String>>> e : labelKeys.entrySet()) {
            assertEquals(1, e.getValue().size(), e.getKey() + " has label-key sets " + e.getValue());
            Set<String> expected = e.getKey().equals("carbon_process_grams_total")
                    ? Set.of("app", "source", "provenance") : ZONE_LABELS;
            assertEquals(expected, e.getValue().iterator().next(), e.getKey());
        }

        Map<String, Double> process = byZone(samples, "energy_process_joules_total");
        Map<String, Double> nodeJoules = byZone(samples, "energy_node_joules_total");
        Map<String, Double> watts = byZone(samples, "energy_node_power_watts");
        Map<String, Double> carbon = byZone(samples, "carbon_node_grams_total");
        List<String> primary = new ArrayList<>();
        for (ZoneEnergy z : s.zones()) {
            if (z.primary()) {
                primary.add(z.name());
            }
        }
        assertEquals(List.of("dram-0", "package-0"), primary);
        for (Map<String, Double> m : List.of(process, nodeJoules, watts, carbon)) {
            assertEquals(new TreeSet<>(primary), m.keySet());
        }
        assertEquals(3.0, process.get("package-0"), EPS);
        assertEquals(1.2, process.get("dram-0"), EPS);
        assertEquals(10.0, nodeJoules.get("package-0"), EPS);
        assertEquals(4.0, nodeJoules.get("dram-0"), EPS);
        assertEquals(10.0 * GRAMS_PER_JOULE, carbon.get("package-0"), EPS * GRAMS_PER_JOULE);
        assertEquals(4.0 * GRAMS_PER_JOULE, carbon.get("dram-0"), EPS * GRAMS_PER_JOULE);
        for (String z : primary) {
            // the text format prints doubles exactly (shortest repr), so the gauge reads back the same double
            assertEquals(zone(s, z).watts(), watts.get(z), 0.0, z);
        }
        assertEquals(self(s).joules(), sum(process), EPS, "the zones of energy.process sum to the JVM's total");
        assertEquals(4.2, sum(process), EPS);
        assertEquals(s.nodeJoules(), sum(nodeJoules), EPS, "the zones of energy.node sum to the node's total");

        assertEquals(Map.of("core-0", 6.0), byZone(samples, "energy_zone_core_joules_total"));
        assertEquals(Map.of("psys-0", 16.0), byZone(samples, "energy_zone_psys_joules_total"));
        Sample pc = only(samples, "carbon_process_grams_total");
        assertEquals(Map.of("app", "checkout", "source", "test-counter", "provenance", "measured"), pc.labels);
        assertEquals(4.2 * GRAMS_PER_JOULE, pc.value, EPS * GRAMS_PER_JOULE);
        Sample pkg = one(samples, "energy_process_joules_total", "package-0");
        assertEquals(Map.of("app", "checkout", "zone", "package-0", "domain", "package", "source", "test-counter",
                "provenance", "measured"), pkg.labels);
    }

    private static List<String> registrationFailures(MeterRegistry registry) {
        List<String> failures = new ArrayList<>();
        registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
        return failures;
    }

    private static Map<String, Double> byZone(List<Sample> samples, String name) {
        Map<String, Double> out = new HashMap<>();
        for (Sample x : samples) {
            if (x.name.equals(name)) {
                assertNull(out.put(x.labels.get("zone"), x.value), "duplicate series " + x);
            }
        }
        return out;
    }

    private static Sample one(List<Sample> samples, String name, String zone) {
        Sample found = null;
        for (Sample x : samples) {
            if (x.name.equals(name) && zone.equals(x.labels.get("zone"))) {
                assertNull(found, "duplicate series " + x);
                found = x;
            }
        }
        assertTrue(found != null, "no " + name + "{zone=\"" + zone + "\"} in the scrape");
        return found;
    }

    private static Sample only(List<Sample> samples, String name) {
        List<Sample> found = new ArrayList<>();
        for (Sample x : samples) {
            if (x.name.equals(name)) {
                found.add(x);
            }
        }
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static double sum(Map<String, Double> m) {
        double sum = 0;
        for (double v : m.values()) {
            sum += v;
        }
        return sum;
    }

    // ---- a small parser of the Prometheus text exposition format: name{label="value",...} value [timestamp] ----

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(parseLine(line));
        }
        return out;
    }

    static Sample parseLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                i = eq + 1;
                if (line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value not quoted at " + i + ": " + line);
                }
                i++;
                StringBuilder v = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                }
                i++;
                if (labels.put(key, v.toString()) != null) {
                    throw new IllegalArgumentException("label " + key + " twice: " + line);
                }
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String s) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }
}
