package io.github.energy4j.agent.serve;

import java.util.Map;

/**
 * One exported time series: a Micrometer meter name (before the Prometheus naming convention), its kind,
 * tags and current value.
 *
 * @param name    meter name; Prometheus adds {@code _total} to counters and the base unit if one is set
 * @param counter FunctionCounter when true, Gauge otherwise
 * @param help    description
 * @param unit    Micrometer base unit ({@code joules}, {@code watts}, ...) or null to keep the name as is
 * @param tags    tag keys must be the same for every series of one name (Prometheus requires it)
 * @param value   current value
 */
public record Series(String name, boolean counter, String help, String unit, Map<String, String> tags, double value) {

    public Series {
        tags = Map.copyOf(tags);
    }
}
