package io.github.energy4j.agent.serve;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which series {@code serve} exports. Under energy4j's naming process and VM series are opt-in because their
 * cardinality follows the pid count; under Kepler's naming every level is on, as in Kepler.
 */
public enum MetricsLevel {
    NODE, CONTAINER, POD, PROCESS, VM;

    /** energy4j's default: node, container and pod. */
    public static final Set<MetricsLevel> DEFAULT = EnumSet.of(NODE, CONTAINER, POD);

    /**
     * Kepler's default: every level. Kepler 0.11's {@code DefaultConfig()} ({@code config/config.go}) sets
     * {@code exporter.prometheus.metricsLevel} to {@code MetricsLevelAll} = node, process, container, vm and pod
     * ({@code config/level.go}).
     */
    public static final Set<MetricsLevel> KEPLER_DEFAULT = EnumSet.allOf(MetricsLevel.class);

    private static final String ALLOWED = "node, container, pod, process, vm";

    /** The default levels of a naming ({@code kepler} or {@code micrometer}). */
    public static Set<MetricsLevel> defaultFor(String naming) {
        return naming.equals("kepler") ? KEPLER_DEFAULT : DEFAULT;
    }

    /**
     * Parses {@code node,container,pod,process,vm} (any order, case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad level and the allowed ones
     */
    public static Set<MetricsLevel> parse(String list) {
        Set<MetricsLevel> out = EnumSet.noneOf(MetricsLevel.class);
        for (String s : list.split(",")) {
            String v = s.trim().toUpperCase(Locale.ROOT);
            if (v.isEmpty()) {
                continue;
            }
            try {
                out.add(valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown metrics level '" + s.trim() + "' (allowed: " + ALLOWED
                        + ")");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no metrics level given (allowed: " + ALLOWED + ")");
        }
        return out;
    }
}
