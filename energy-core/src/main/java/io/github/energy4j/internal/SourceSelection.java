package io.github.energy4j.internal;

import io.github.energy4j.internal.service.Providers;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers with {@link ServiceLoader}, probes them and opens, per {@link Zone.Group}, the available
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
        List<PowerSourceProvider> out = Providers.all(ServiceLoader.load(PowerSourceProvider.class, loader),
                PowerSourceProvider::priority, "power source provider");
        out.sort(Comparator.comparing(PowerSourceProvider::group)); // stable: priority order within a group
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
     * Opens the winners: per group, the available provider with the highest priority; or, when ids are forced,
     * per group the first forced id (in the given order) that opens. Two sources of one group are never opened:
     * they measure the same energy (RAPL through powercap and through MSR, a platform meter through hwmon and
     * through the BMC), and both would be counted.
     *
     * @param forced provider ids to use, in order of preference within a group (empty = automatic selection)
     * @throws IllegalArgumentException when a forced id names no provider, or no forced provider of a group
     *                                  could be opened (the message gives each one's reason and remedy): a forced
     *                                  source is never silently replaced by nothing
     */
    public static Result select(List<PowerSourceProvider> providers, SourceContext ctx, Set<String> forced) {
        Map<String, PowerSourceProvider> byId = new LinkedHashMap<>();
        for (PowerSourceProvider p : providers) {
            byId.putIfAbsent(p.id(), p);
        }
        for (String id : forced) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("sources: unknown source '" + id + "'; known sources: "
                        + byId.keySet());
            }
        }
        // the order in which providers are tried: forced ids in the caller's order, else priority order
        List<PowerSourceProvider> order = new ArrayList<>();
        if (forced.isEmpty()) {
            order.addAll(providers);
        } else {
            for (String id : forced) {
                order.add(byId.get(id));
            }
        }
        Map<PowerSourceProvider, SourceStatus> status = new HashMap<>();
        List<PowerSource> opened = new ArrayList<>();
        Map<Zone.Group, String> winner = new EnumMap<>(Zone.Group.class);
        for (PowerSourceProvider p : order) {
            Probe probe = safeProbe(p, ctx);
            String reason = probe.reason();
            String remedy = probe.remedy();
            boolean selected = false;
            if (probe.available() && !winner.containsKey(p.group())) {
                try {
                    opened.add(p.open(ctx));
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
                reason = "not selected: " + winner.get(p.group()) + (forced.isEmpty() ? " has higher priority"
                        : " comes first among the forced sources") + " in group " + p.group().tag();
            }
            status.put(p, new SourceStatus(p.id(), p.group(), p.priority(), p.description(), probe.available(),
                    selected, reason, remedy, probe.zones()));
        }
        List<SourceStatus> statuses = new ArrayList<>();
        for (PowerSourceProvider p : providers) {
            SourceStatus st = status.get(p);
            if (st == null) {
                Probe probe = safeProbe(p, ctx);
                st = new SourceStatus(p.id(), p.group(), p.priority(), p.description(), probe.available(), false,
                        probe.available() ? "not selected: --source names other sources" : probe.reason(),
                        probe.remedy(), probe.zones());
            }
            statuses.add(st);
        }
        if (!forced.isEmpty()) {
            refuseUnopenedForcedGroups(order, winner, status, opened);
        }
        return new Result(opened, statuses);
    }

    private static void refuseUnopenedForcedGroups(List<PowerSourceProvider> order, Map<Zone.Group, String> winner,
                                                   Map<PowerSourceProvider, SourceStatus> status,
                                                   List<PowerSource> opened) {
        StringBuilder msg = new StringBuilder();
        for (PowerSourceProvider p : order) {
            if (!winner.containsKey(p.group())) {
                SourceStatus st = status.get(p);
                msg.append(msg.length() == 0 ? "" : "; ").append("source '").append(p.id())
                        .append("' cannot be used on this host: ").append(st.reason());
                if (!st.remedy().isEmpty()) {
                    msg.append(" (remedy: ").append(st.remedy()).append(')');
                }
            }
        }
        if (msg.length() == 0) {
            return;
        }
        for (PowerSource s : opened) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing {} failed", s.id(), e);
            }
        }
        throw new IllegalArgumentException("sources: " + msg + "; run 'energy4j doctor' for every source's status");
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
