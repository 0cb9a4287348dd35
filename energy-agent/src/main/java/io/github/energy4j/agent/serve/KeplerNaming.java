package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.spi.ZoneGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Kepler (0.10 and later) metric names and labels, so that Kepler dashboards and alerts work unchanged:
 * {@code kepler_node_cpu_joules_total{zone,path}} with its {@code _active}/{@code _idle} and {@code _watts}
 * forms, {@code kepler_container_cpu_joules_total{container_id,container_name,runtime,state,zone,pod_id,
 * pod_name,pod_namespace}}, {@code kepler_pod_cpu_joules_total{pod_id,pod_name,pod_namespace,state,zone}},
 * {@code kepler_process_cpu_joules_total{pid,comm,exe,type,state,container_id,vm_id,zone}} and the same with
 * {@code gpu} instead of {@code cpu} for GPU zones; at node level also {@code kepler_node_cpu_usage_ratio} (busy
 * share of all CPUs over the last interval, from {@code /proc/stat}) and {@code kepler_node_cpu_info{processor,
 * vendor_id,model_name,physical_id,core_id}} (1 per CPU, from {@code /proc/cpuinfo}); always
 * {@code kepler_build_info{arch,branch,revision,version,goversion,javaversion}} = 1. Processes are typed
 * {@code regular} or {@code container}: VMs are not detected, so {@code vm_id} is always empty. The {@code zone} label is the domain ({@code package},
 * {@code dram}, {@code core}, {@code psys}, {@code cpu_model}, {@code gpu}); below node level the zones of
 * one domain (two sockets) are summed. Extensions Kepler does not have are prefixed {@code energy4j_}.
 */
public final class KeplerNaming implements Naming {

    @Override
    public void emit(ExportFrame f, Set<MetricsLevel> levels, Consumer<Series> sink) {
        EnergySnapshot s = f.snapshot();
        if (levels.contains(MetricsLevel.NODE)) {
            node(f, sink);
        }
        if (levels.contains(MetricsLevel.CONTAINER)) {
            for (ExportFrame.Row<WorkloadEnergy> r : f.containers()) {
                WorkloadEnergy w = r.energy();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("container_id", w.workload().id());
                l.put("container_name", w.workload().labels().getOrDefault("container", ""));
                l.put("runtime", w.workload().runtime());
                l.put("state", r.state());
                l.put("pod_id", w.workload().podUid());
                l.put("pod_name", w.workload().labels().getOrDefault("pod", ""));
                l.put("pod_namespace", w.workload().labels().getOrDefault("namespace", ""));
                perDomain(s, "container", l, w.zoneJoules(), r.zoneWatts(), sink);
            }
        }
        if (levels.contains(MetricsLevel.POD)) {
            for (ExportFrame.Row<PodEnergy> r : f.pods()) {
                PodEnergy p = r.energy();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("pod_id", p.podUid());
                l.put("pod_name", p.pod());
                l.put("pod_namespace", p.namespace());
                l.put("state", r.state());
                perDomain(s, "pod", l, p.zoneJoules(), r.zoneWatts(), sink);
            }
        }
        if (levels.contains(MetricsLevel.PROCESS)) {
            for (ExportFrame.Row<ProcessEnergy> r : f.processes()) {
                ProcessEnergy p = r.energy();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("pid", Integer.toString(p.pid()));
                l.put("comm", p.comm());
                l.put("exe", f.host().exe().of(p.pid(), p.startTime()));
                l.put("type", p.workload().isHost() ? "regular" : "container");
                l.put("container_id", p.workload().id());
                l.put("vm_id", ""); // no VM detection: Kepler's type=vm never occurs here
                Map<String, String> withState = new LinkedHashMap<>(l);
                withState.put("state", r.state());
                perDomain(s, "process", withState, p.zoneJoules(), r.zoneWatts(), sink);
                sink.accept(new Series("kepler_process_cpu_seconds", true,
                        "Total user and system time of cpu at process level in seconds", null, l, p.cpuSeconds()));
            }
        }
        build(f.host().build(), sink);
        self(f, sink);
    }

    private static void build(BuildInfo b, Consumer<Series> sink) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("arch", b.arch());
        l.put("branch", b.branch());
        l.put("revision", b.revision());
        l.put("version", b.version());
        l.put("goversion", "");
        l.put("javaversion", b.javaVersion());
        sink.accept(new Series("kepler_build_info", false,
                "A metric with a constant '1' value labeled with version information", null, l, 1));
    }

    private static void node(ExportFrame f, Consumer<Series> sink) {
        EnergySnapshot s = f.snapshot();
        HostFacts h = f.host();
        sink.accept(new Series("kepler_node_cpu_usage_ratio", false,
                "CPU usage ratio of a node (value between 0.0 and 1.0)", null, Map.of(), h.cpuUsageRatio()));
        for (CpuInfo c : h.cpus()) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("processor", c.processor());
            l.put("vendor_id", c.vendorId());
            l.put("model_name", c.modelName());
            l.put("physical_id", c.physicalId());
            l.put("core_id", c.coreId());
            sink.accept(new Series("kepler_node_cpu_info", false, "CPU information from procfs", null, l, 1));
        }
        boolean carbon = !s.carbonProvenance().isEmpty();
        for (int z = 0; z < s.zones().size(); z++) {
            ZoneEnergy ze = s.zones().get(z);
            Map<String, String> l = new LinkedHashMap<>();
            l.put("zone", ze.domain().tag());
            l.put("path", f.zonePaths().get(z));
            ZoneGroup g = ze.domain().group();
            if (g == ZoneGroup.PLATFORM) {
                Map<String, String> pl = Map.of("source", ze.source(), "power_control_name", ze.name());
                sink.accept(new Series("kepler_platform_watts", false, "Current platform power consumption in watts",
                        null, pl, ze.watts()));
                sink.accept(new Series("energy4j_platform_joules", true, "Platform (wall-side) energy in joules",
                        null, pl, ze.joules()));
                continue;
            }
            String dev = g == ZoneGroup.GPU ? "gpu" : "cpu";
            String p = "kepler_node_" + dev;
            String what = dev + " at node level";
            sink.accept(new Series(p + "_joules", true, "Energy consumption of " + what + " in joules", null, l,
                    ze.joules()));
            sink.accept(new Series(p + "_active_joules", true, "Energy consumption of " + dev
                    + " in active state at node level in joules", null, l, ze.activeJoules()));
            sink.accept(new Series(p + "_idle_joules", true, "Energy consumption of " + dev
                    + " in idle state at node level in joules", null, l, ze.idleJoules()));
            sink.accept(new Series(p + "_watts", false, "Power consumption of " + what + " in watts", null, l,
                    ze.watts()));
            sink.accept(new Series(p + "_active_watts", false, "Power consumption of " + dev
                    + " in active state at node level in watts", null, l, f.zoneActiveWatts()[z]));
            sink.accept(new Series(p + "_idle_watts", false, "Power consumption of " + dev
                    + " in idle state at node level in watts", null, l, f.zoneIdleWatts()[z]));
            if (carbon) {
                sink.accept(new Series("energy4j_node_" + dev + "_carbon_grams", true,
                        "CO2e of the zone's energy in grams (PUE included)", null, l, ze.carbonGrams()));
            }
        }
    }

    /** Sums the zones of each (group, domain) and emits joules and watts under {@code kepler_<level>_<dev>_}. */
    private static void perDomain(EnergySnapshot s, String level, Map<String, String> labels, double[] joules,
                                  double[] watts, Consumer<Series> sink) {
        Map<String, double[]> byDomain = new LinkedHashMap<>();
        for (int z = 0; z < s.zones().size() && z < joules.length; z++) {
            ZoneEnergy ze = s.zones().get(z);
            if (ze.domain().group() == ZoneGroup.PLATFORM) {
                continue;
            }
            String dev = ze.domain().group() == ZoneGroup.GPU ? "gpu" : "cpu";
            double[] acc = byDomain.computeIfAbsent(dev + "|" + ze.domain().tag(), k -> new double[2]);
            acc[0] += joules[z];
            acc[1] += watts[z];
        }
        for (Map.Entry<String, double[]> e : byDomain.entrySet()) {
            int bar = e.getKey().indexOf('|');
            String dev = e.getKey().substring(0, bar);
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put("zone", e.getKey().substring(bar + 1));
            String p = "kepler_" + level + "_" + dev;
            sink.accept(new Series(p + "_joules", true, "Energy consumption of " + dev + " at " + level
                    + " level in joules", null, l, e.getValue()[0]));
            sink.accept(new Series(p + "_watts", false, "Power consumption of " + dev + " at " + level
                    + " level in watts", null, l, e.getValue()[1]));
        }
    }

    /** The agent's own health, the same under both namings. */
    static void self(ExportFrame f, Consumer<Series> sink) {
        Map<String, Number> m = f.self();
        Map<String, String> none = Map.of();
        sink.accept(new Series("energy4j_sampler_ticks", true, "Samples taken", null, none, num(m, "ticks")));
        sink.accept(new Series("energy4j_sample_duration_seconds", false, "Duration of the last sample", null, none,
                num(m, "lastTickSeconds")));
        sink.accept(new Series("energy4j_source_errors", true, "Failed power source reads", null, none,
                num(m, "sourceErrors")));
        sink.accept(new Series("energy4j_procfs_errors", true, "Failed proc reads", null, none,
                num(m, "procfsErrors")));
        sink.accept(new Series("energy4j_processes_tracked", false, "Processes being metered", null, none,
                num(m, "processesTracked")));
        sink.accept(new Series("energy4j_processes_vanished", true,
                "Processes that exited between two samples (their last interval is unattributed)", null, none,
                num(m, "processesVanished")));
        sink.accept(new Series("energy4j_processes_malformed", true,
                "Process stat files that could not be parsed (the process is skipped that sample)", null, none,
                num(m, "processesMalformed")));
        sink.accept(new Series("energy4j_zone_wraps", true, "Energy counter wraps undone", null, none,
                num(m, "counterWraps")));
        sink.accept(new Series("energy4j_zone_resets", true,
                "Backward or impossible counter jumps that started a new baseline", null, none,
                num(m, "counterResets")));
        sink.accept(new Series("energy4j_zone_readings_unavailable", true,
                "Zone readings that failed (their energy arrives with the next good reading)", null, none,
                num(m, "zoneReadingsUnavailable")));
        sink.accept(new Series("energy4j_snapshot_computations", true,
                "Snapshots computed for scrapes (at most one per staleness window)", null, none,
                num(m, "computations")));
        sink.accept(new Series("energy4j_terminated_series_dropped", true,
                "Terminated containers, pods and processes dropped after their last export", null, none,
                num(m, "droppedSeries")));
    }

    private static double num(Map<String, Number> m, String k) {
        Number n = m.get(k);
        return n == null ? Double.NaN : n.doubleValue();
    }
}
