package io.github.energy4j.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The whole path in a real Spring Boot web application with actuator and the Prometheus registry, and nothing of
 * energy4j configured by hand: requests over HTTP to endpoints that burn 120 ms and 30 ms of CPU, then their
 * energy read back from {@code /actuator/prometheus} and compared with the readings of the same requests.
 */
@AutoConfigureObservability(tracing = false) // a @SpringBootTest turns metrics export off without it
@SpringBootTest(classes = BurnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=prometheus", "energy4j.interval=100ms"})
class EnergyPrometheusEndpointIT {

    private static final String SERIES = "http_server_requests_energy_joules_total";
    private static final int CALLS = 3;

    @LocalServerPort
    int port;

    @Autowired
    BurnApplication.ServerRequests requests;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldExposeEachEndpointsRequestEnergyInThePrometheusScrapeAsTheSumOfItsRequestsReadings() throws Exception {
        get("/heavy"); // first requests load classes: keep them out of the figures compared below
        get("/light");
        awaitReadings("/heavy", 1);
        awaitReadings("/light", 1);
        Map<String, Double> before = energyByUri(get("/actuator/prometheus"));

        long heavyCpu = 0;
        long lightCpu = 0;
        for (int i = 0; i < CALLS; i++) {
            heavyCpu += Long.parseLong(get("/heavy"));
            lightCpu += Long.parseLong(get("/light"));
        }
        List<EnergyReading> heavy = awaitReadings("/heavy", 1 + CALLS).subList(1, 1 + CALLS);
        List<EnergyReading> light = awaitReadings("/light", 1 + CALLS).subList(1, 1 + CALLS);
        String scrape = get("/actuator/prometheus");
        Map<String, Double> after = energyByUri(scrape);

        double heavyJoules = 0;
        for (EnergyReading r : heavy) {
            assertThat(r.source()).isNotEqualTo(Provenance.UNAVAILABLE);
            assertThat(r.cpuTime()).as("the request thread's burn and the framework's share")
                    .isBetween(Duration.ofMillis(BurnApplication.HEAVY_MILLIS), Duration.ofMillis(200));
            heavyJoules += r.joules();
        }
        double lightJoules = 0;
        for (EnergyReading r : light) {
            assertThat(r.cpuTime()).isBetween(Duration.ofMillis(BurnApplication.LIGHT_MILLIS), Duration.ofMillis(110));
            lightJoules += r.joules();
        }
        assertThat(heavyCpu).isGreaterThanOrEqualTo(CALLS * BurnApplication.HEAVY_MILLIS * 1_000_000);
        assertThat(lightCpu).isGreaterThanOrEqualTo(CALLS * BurnApplication.LIGHT_MILLIS * 1_000_000);

        double heavyScraped = after.get("/heavy") - before.get("/heavy");
        double lightScraped = after.get("/light") - before.get("/light");
        assertThat(heavyScraped).as("the scrape grew by the requests' joules").isPositive()
                .isCloseTo(heavyJoules, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(lightScraped).isPositive()
                .isCloseTo(lightJoules, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(heavyScraped / lightScraped).as("four times the CPU per request").isBetween(2.5, 6.0);

        // the series of the request energy: the observation's low-cardinality tags and the reading's provenance
        Map<String, String> labels = labelsOf(scrape, SERIES, "/heavy");
        assertThat(labels).containsEntry("method", "GET").containsEntry("status", "200")
                .containsEntry("outcome", "SUCCESS").containsEntry("provenance", heavy.get(0).source().toString())
                .containsOnlyKeys("exception", "method", "outcome", "status", "uri", "provenance");
        // and the binder's meters are in the same scrape
        assertThat(valuesOf(scrape, "energy_process_joules_total")).isNotEmpty().allMatch(v -> v >= 0);
        System.out.printf("heavy: %d requests, %.6f J (%.1f ms CPU), light: %d requests, %.6f J (%.1f ms CPU),"
                + " ratio %.2f, provenance %s%n", CALLS, heavyScraped, heavyCpu / 1e6, CALLS, lightScraped,
                lightCpu / 1e6, heavyScraped / lightScraped, labels.get("provenance"));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /**
     * The readings of the requests to {@code uri} in start order, once {@code n} of them are counted (the handler puts
     * the reading on the context after the count; the client may see the response before the observation stops).
     */
    private List<EnergyReading> awaitReadings(String uri, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<EnergyReading> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            out.clear();
            for (ServerRequestObservationContext c : requests.contexts) {
                EnergyReading r = c.get(EnergyReading.class);
                if (r != null && uri.equals(c.getLowCardinalityKeyValue("uri").getValue())) {
                    out.add(r);
                }
            }
            if (out.size() >= n) {
                return out;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("only " + out.size() + " of " + n + " requests to " + uri + " were counted");
    }

    /** {@value #SERIES} per {@code uri} label. */
    private static Map<String, Double> energyByUri(String scrape) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(SERIES + "{")) {
                Map<String, String> labels = labels(line);
                assertThat(out.put(labels.get("uri"), value(line))).as("one series per uri: " + line).isNull();
            }
        }
        return out;
    }

    private static Map<String, String> labelsOf(String scrape, String name, String uri) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && uri.equals(labels(line).get("uri"))) {
                return labels(line);
            }
        }
        throw new AssertionError("no " + name + "{uri=\"" + uri + "\"} in\n" + scrape);
    }

    private static List<Double> valuesOf(String scrape, String name) {
        List<Double> out = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                out.add(value(line));
            }
        }
        return out;
    }

    /** The labels of one exposition line {@code name{k="v",...} value}; values here hold no quotes or commas. */
    private static Map<String, String> labels(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        String body = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
        for (String pair : body.split("\",")) {
            int eq = pair.indexOf('=');
            String v = pair.substring(eq + 1);
            out.put(pair.substring(0, eq), v.replace("\"", ""));
        }
        return out;
    }

    private static double value(String line) {
        String[] parts = line.substring(line.lastIndexOf('}') + 1).trim().split(" ");
        return Double.parseDouble(parts[0]);
    }
}
