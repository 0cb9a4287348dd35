package io.github.energy4j.internal;

import io.github.energy4j.SourceStatus;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.ZoneGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers with {@link ServiceLoader}, probes them and opens, per {@link ZoneGroup}, the available
 * one with the highest priority (or exactly the forced ones). Cold path.
 */
public final class SourceSelection {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSelection.class);

    /** The outcome: the opened sources and the status of every provider. */
    public record Result(List<PowerSource> sources, List<SourceStatus> statuses) {
    }

    private SourceSelection() {
    }

    /** Every provider on the class path; a broken one is logged and skipped, never fatal. */
    public static List<PowerSourceProvider> discover(ClassLoader loader) {
        List<PowerSourceProvider> out = new ArrayList<>();
        Iterator<PowerSourceProvider> it = ServiceLoader.load(PowerSourceProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a power source provider that failed to load: {}", e.getMessage());
            }
        }
        out.sort(Comparator.comparing(PowerSourceProvider::group).thenComparing(
                Comparator.comparingInt(PowerSourceProvider::priority).reversed()));
        return out;
    }

    /** Probes every provider (never throws). */
    public static List<SourceStatus> probeAll(List<PowerSourceProvider> providers, SourceContext ctx) {
        List<SourceStatus> out = new ArrayList<>();
        for (PowerSourceProvider p : providers) {
            Probe probe = safeProbe(p, ctx);
            out.add(new SourceStatus(p.id(), p.group(), p.priority(), p.description(), probe.available(), false,
                    probe.reason(), probe.remedy(), probe.zones()));
        }
        return out;
    }

    /**
     * Opens the winners.
     *
     * @param forced provider ids to use exactly (empty = automatic selection)
     * @throws IllegalArgumentException when a forced id names no provider
     */
    public static Result select(List<PowerSourceProvider> providers, SourceContext ctx, Set<String> forced) {
        for (String id : forced) {
            if (providers.stream().noneMatch(p -> p.id().equals(id))) {
                throw new IllegalArgumentException("unknown source '" + id + "'; known sources: "
                        + providers.stream().map(PowerSourceProvider::id).toList());
            }
        }
        List<PowerSource> opened = new ArrayList<>();
        List<SourceStatus> statuses = new ArrayList<>();
        Map<ZoneGroup, String> winner = new EnumMap<>(ZoneGroup.class);
        for (PowerSourceProvider p : providers) {
            Probe probe = safeProbe(p, ctx);
            String reason = probe.reason();
            String remedy = probe.remedy();
            boolean selected = false;
            boolean wanted = forced.isEmpty() ? !winner.containsKey(p.group()) : forced.contains(p.id());
            if (probe.available() && wanted) {
                try {
                    PowerSource s = p.open(ctx);
                    opened.add(s);
                    winner.put(p.group(), p.id());
                    selected = true;
                    reason = "";
                } catch (EnergySourceException e) {
                    reason = e.getMessage();
                    remedy = e.remedy();
                } catch (RuntimeException | LinkageError e) {
                    reason = p.id() + " failed to open: " + e;
                    remedy = "run 'energy4j doctor' and report this";
                }
            } else if (probe.available()) {
                reason = forced.isEmpty() ? "not selected: " + winner.get(p.group()) + " has higher priority in group "
                        + p.group().tag() : "not selected: --source names other sources";
            } else if (forced.contains(p.id())) {
                LOG.warn("forced source {} is unavailable: {}", p.id(), reason);
            }
            statuses.add(new SourceStatus(p.id(), p.group(), p.priority(), p.description(), probe.available(), selected,
                    reason, remedy, probe.zones()));
        }
        return new Result(opened, statuses);
    }

    private static Probe safeProbe(PowerSourceProvider p, SourceContext ctx) {
        try {
            Probe probe = p.probe(ctx);
            return probe == null ? Probe.unavailable(p.id() + " returned no probe result", "") : probe;
        } catch (RuntimeException | LinkageError e) {
            return Probe.unavailable(p.id() + " probe failed: " + e, "run 'energy4j doctor' and report this");
        }
    }
}
