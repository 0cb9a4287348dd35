package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * energy4j's own names, the node's as the {@code EnergyMetrics} binder registers them: per primary zone (the
 * disjoint set whose sum is the node's energy) {@code energy.node} (joules), {@code energy.node.power} (watts) and,
 * with a grid intensity, {@code carbon.node} (grams); every other zone (core, uncore, psys, platform, which overlap
 * the primary ones) under {@code energy.zone.<domain>}, one name per domain. Tags {@code zone}, {@code domain},
 * {@code source}, {@code provenance}. Workloads as {@code energy.container.consumed}, {@code energy.pod.consumed},
 * {@code energy.process.consumed} (joules) and {@code .power} (watts) per primary zone. One tag key set per name
 * (Prometheus needs it) and no name whose series sum to a double count.
 */
public final class MicrometerNaming implements Naming {

    @Override
    public void emit(ExportFrame f, Set<MetricsLevel> levels, Consumer<Series> sink) {
        EnergySnapshot s = f.snapshot();
        if (levels.contains(MetricsLevel.NODE)) {
            boolean carbon = !s.carbonProvenance().isEmpty();
            for (ZoneEnergy z : s.zones()) {
                String domain = z.domain().tag();
                Map<String, String> t = Map.of("zone", z.name(), "domain", domain, "source", z.source(), "provenance",
                        z.estimated() ? "estimated" : "measured");
                if (!z.primary()) {
                    sink.accept(new Series("energy.zone." + domain.replace('_', '.'), true, "Energy of the " + domain
                            + " zones, which overlap the primary zones of energy.node: never add them to it", "joules",
                            t, z.joules()));
                    continue;
                }
                sink.accept(new Series("energy.node", true, "Energy of the node per primary zone; the sum over zones "
                        + "is the node's energy", "joules", t, z.joules()));
                sink.accept(new Series("energy.node.power", false, "Power of the primary zone over the last interval",
                        "watts", t, z.watts()));
                if (carbon) {
                    sink.accept(new Series("carbon.node", true, "CO2e of the primary zone's energy (PUE included)",
                            "grams", t, z.carbonGrams()));
                }
            }
        }
        if (levels.contains(MetricsLevel.CONTAINER)) {
            for (ExportFrame.Row<WorkloadEnergy> r : f.containers()) {
                WorkloadEnergy w = r.energy();
                Map<String, String> t = new LinkedHashMap<>();
                t.put("container_id", w.workload().id());
                t.put("container", w.workload().labels().getOrDefault("container", ""));
                t.put("runtime", w.workload().runtime());
                t.put("pod_uid", w.workload().podUid());
                t.put("pod", w.workload().labels().getOrDefault("pod", ""));
                t.put("namespace", w.workload().labels().getOrDefault("namespace", ""));
                t.put("state", r.state());
                perZone(s, "container", t, w.zoneJoules().toArray(), r.zoneWatts(), sink);
            }
        }
        if (levels.contains(MetricsLevel.POD)) {
            for (ExportFrame.Row<PodEnergy> r : f.pods()) {
                PodEnergy p = r.energy();
                Map<String, String> t = new LinkedHashMap<>();
                t.put("pod_uid", p.podUid());
                t.put("pod", p.pod());
                t.put("namespace", p.namespace());
                t.put("state", r.state());
                perZone(s, "pod", t, p.zoneJoules(), r.zoneWatts(), sink);
            }
        }
        if (levels.contains(MetricsLevel.PROCESS)) {
            for (ExportFrame.Row<ProcessEnergy> r : f.processes()) {
                ProcessEnergy p = r.energy();
                Map<String, String> t = new LinkedHashMap<>();
                t.put("pid", Integer.toString(p.pid()));
                t.put("comm", p.comm());
                t.put("container_id", p.workload().id());
                t.put("state", r.state());
                perZone(s, "process", t, p.zoneJoules().toArray(), r.zoneWatts(), sink);
            }
        }
        KeplerNaming.self(f, sink);
    }

    private static void perZone(EnergySnapshot s, String level, Map<String, String> tags, double[] joules,
                                double[] watts, Consumer<Series> sink) {
        for (int z = 0; z < s.zones().size() && z < joules.length; z++) {
            ZoneEnergy ze = s.zones().get(z);
            if (!ze.primary()) {
                continue; // non-primary zones overlap the primary ones; per-workload totals sum the primary set
            }
            Map<String, String> t = new LinkedHashMap<>(tags);
            t.put("zone", ze.name());
            sink.accept(new Series("energy." + level + ".consumed", true, "Energy attributed to the " + level,
                    "joules", t, joules[z]));
            sink.accept(new Series("energy." + level + ".power", false, "Power attributed to the " + level
                    + " since the previous scrape", "watts", t, watts[z]));
        }
    }
}
