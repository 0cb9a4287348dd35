package io.github.energy4j.agent.serve;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Which series {@code serve} exports; process series are opt-in because their cardinality follows the pid count. */
public enum MetricsLevel {
    NODE, CONTAINER, POD, PROCESS;

    public static final Set<MetricsLevel> DEFAULT = EnumSet.of(NODE, CONTAINER, POD);

    /**
     * Parses {@code node,container,pod,process}.
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
                throw new IllegalArgumentException("unknown metrics level '" + s.trim()
                        + "' (allowed: node, container, pod, process)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no metrics level given (allowed: node, container, pod, process)");
        }
        return out;
    }
}
