package io.github.energy4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code energy4j.*} settings of the auto-configured {@link io.github.energy4j.EnergyMeter}, binder and
 * observation handler. A bad value fails the application's start with a message naming the property.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>values</th></tr>
 *   <tr><td>{@code energy4j.enabled}</td><td>true</td><td>false: no energy4j bean at all</td></tr>
 *   <tr><td>{@code energy4j.interval}</td><td>1s</td><td>sampling interval, 10ms to 1h</td></tr>
 *   <tr><td>{@code energy4j.sources}</td><td>automatic</td><td>provider ids in preference order
 *       ({@code rapl,model}); the meter refuses to start when a named source cannot be used</td></tr>
 *   <tr><td>{@code energy4j.carbon.zone}</td><td>none</td><td>a country ({@code FR}, {@code DEU}) or cloud region
 *       ({@code aws:eu-west-1}) of energy-carbon's embedded data: adds the carbon meters; needs energy-carbon</td></tr>
 *   <tr><td>{@code energy4j.metrics.enabled}</td><td>true</td><td>false: no {@code energy.process},
 *       {@code energy.node}, ... meters</td></tr>
 *   <tr><td>{@code energy4j.observation.enabled}</td><td>true</td><td>false: no per-observation
 *       {@code <name>.energy} counters</td></tr>
 * </table>
 */
@ConfigurationProperties("energy4j")
public class EnergyProperties {

    static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    /** Whether to create the energy4j beans. */
    private boolean enabled = true;

    /** Sampling interval of the energy meter, 10ms to 1h. */
    private Duration interval = Duration.ofSeconds(1);

    /** Power-source provider ids to use, in preference order, instead of the automatic choice (e.g. rapl,model). */
    private List<String> sources = new ArrayList<>();

    private final Carbon carbon = new Carbon();

    private final Metrics metrics = new Metrics();

    private final Observation observation = new Observation();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    /** @throws IllegalArgumentException outside 10ms to 1h */
    public void setInterval(Duration interval) {
        Objects.requireNonNull(interval, "energy4j.interval");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("energy4j.interval must be between 10ms and 1h, was " + interval
                    + " (write it as 500ms, 1s, 1m)");
        }
        this.interval = interval;
    }

    public List<String> getSources() {
        return sources;
    }

    /** @throws IllegalArgumentException for a blank id */
    public void setSources(List<String> sources) {
        for (String s : sources) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("energy4j.sources has a blank id in " + sources + "; list provider "
                        + "ids such as rapl,model, or leave it unset for the automatic choice ('energy4j doctor' "
                        + "lists the ids)");
            }
        }
        this.sources = new ArrayList<>(sources);
    }

    public Carbon getCarbon() {
        return carbon;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Observation getObservation() {
        return observation;
    }

    /** {@code energy4j.carbon.*}. */
    public static class Carbon {

        /**
         * Grid zone whose embedded yearly carbon intensity converts energy to CO2e: an ISO 3166 country code (FR,
         * DEU) or a cloud region (aws:eu-west-1, gcp:europe-west1, azure:westeurope). Needs energy-carbon.
         */
        private String zone;

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone == null || zone.isBlank() ? null : zone.trim();
        }
    }

    /** {@code energy4j.metrics.*}. */
    public static class Metrics {

        /** Whether this JVM's and the node's energy meters (energy.process, energy.node, ...) are registered. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code energy4j.observation.*}. */
    public static class Observation {

        /** Whether every observation (http.server.requests, ...) gets a {@code <observation name>.energy} counter. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
