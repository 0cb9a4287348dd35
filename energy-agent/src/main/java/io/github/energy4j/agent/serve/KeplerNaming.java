package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.agent.vm.VirtualMachine;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Kepler's metric names, types and labels (0.10 and later), so that Kepler dashboards, alerts and queries work
 * unchanged. The reference is Kepler's metrics documentation ({@code docs/user/metrics.md}) and its collectors
 * ({@code internal/exporter/prometheus/collector}: {@code power_collector.go}, {@code gpuinfo.go},
 * {@code platform_collector.go}, {@code build_info.go}, {@code cpuinfo.go}).
 *
 * <ul>
 *   <li>Node: {@code kepler_node_cpu_joules_total{zone,path}} with its {@code _active}/{@code _idle} forms and the
 *       {@code _watts} gauges. Like Kepler's RAPL reader, which aggregates the zones of one name across sockets
 *       ({@code AggregatedZone} in {@code internal/device}), the zones of one domain make one series: two sockets
 *       give one {@code zone="package"} series, its {@code path} {@code aggregated-package}; a domain with one
 *       zone keeps that zone's sysfs path. {@code kepler_node_cpu_usage_ratio} (busy share of all CPUs over the
 *       last interval, from {@code /proc/stat}) and {@code kepler_node_cpu_info{processor,vendor_id,model_name,
 *       physical_id,core_id}} (1 per CPU, from {@code /proc/cpuinfo}).
 *   <li>GPUs: {@code kepler_node_gpu_info{gpu,gpu_uuid,gpu_name,vendor}} = 1 and {@code kepler_node_gpu_watts},
 *       {@code _active_watts}, {@code _idle_watts} per GPU with those labels (plus {@code zone} and {@code path},
 *       and the {@code _joules_total} counters, which Kepler does not have); below node level one
 *       {@code kepler_<level>_gpu_watts} (and {@code _joules_total}) series per entity summed over its GPUs,
 *       without {@code zone}, and only for an entity that used a GPU, as Kepler does.
 *   <li>{@code kepler_container_cpu_joules_total{container_id,container_name,runtime,state,zone,pod_id}} (plus
 *       {@code pod_name}, {@code pod_namespace}), {@code kepler_container_cpu_seconds_total} (without {@code state}
 *       and {@code zone}, known at process level), {@code kepler_pod_cpu_joules_total{pod_id,pod_name,
 *       pod_namespace,state,zone}}, {@code kepler_process_cpu_joules_total{pid,comm,exe,type,state,container_id,
 *       vm_id,zone}}, {@code kepler_process_cpu_seconds_total}, and their {@code _watts} gauges. Below node level
 *       the zones of one domain are summed. A container no pod view names is named from its processes'
 *       {@code HOSTNAME} ({@link ContainerNames}), as Kepler names Docker containers.
 *   <li>{@code kepler_platform_watts{source,bmc_id,chassis_id,power_control_id,power_control_name}} (and
 *       {@code energy4j_platform_joules_total}).
 *   <li>{@code kepler_build_info{arch,branch,revision,version,goversion}} = 1, a gauge (plus {@code javaversion}).
 *   <li>{@code kepler_vm_cpu_joules_total{vm_id,vm_name,hypervisor,state,zone}} and {@code kepler_vm_cpu_watts}:
 *       the energy of the processes that run a VM ({@link io.github.energy4j.agent.vm.VmCommandLine}), summed per
 *       VM, as Kepler's {@code power_collector.go} and {@code docs/user/metrics.md} have them.
 * </ul>
 * Processes are typed {@code container} (in a container: Kepler's informer tries containers first), {@code vm}
 * (the emulator of a VM, with its {@code vm_id}) or {@code regular}. Extensions Kepler does not have are prefixed
 * {@code energy4j_}, except the GPU joules above.
 */
public final class KeplerNaming implements Naming {

    @Override
    public void emit(ExportFrame f, Set<MetricsLevel> levels, Consumer<Series> sink) {
        EnergySnapshot s = f.snapshot();
        if (levels.contains(MetricsLevel.NODE)) {
            node(f, sink);
        }
        if (levels.contains(MetricsLevel.CONTAINER)) {
            Map<String, Integer> pids = containerPids(s);
            for (ExportFrame.Row<WorkloadEnergy> r : f.containers()) {
                Workload w = r.energy().workload();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("container_id", w.id());
                String named = w.labels().get("container");
                l.put("container_name", named != null ? named
                        : f.host().containerNames().of(w.id(), pids.getOrDefault(w.id(), 0)));
                l.put("runtime", w.runtime().isEmpty() ? "unknown" : w.runtime());
                l.put("pod_id", w.podUid());
                l.put("pod_name", w.labels().getOrDefault("pod", ""));
                l.put("pod_namespace", w.labels().getOrDefault("namespace", ""));
                Map<String, String> withState = new LinkedHashMap<>(l);
                withState.put("state", r.state());
                perDomain(s, "container", withState, r.energy().zoneJoules().toArray(), r.zoneWatts(), true, sink);
                if (!Double.isNaN(r.cpuSeconds())) {
                    sink.accept(new Series("kepler_container_cpu_seconds", true,
                            "Total user and system time of cpu at container level in seconds", null, l,
                            r.cpuSeconds()));
                }
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
                perDomain(s, "pod", l, p.zoneJoules(), r.zoneWatts(), true, sink);
            }
        }
        if (levels.contains(MetricsLevel.PROCESS)) {
            for (ExportFrame.Row<ProcessEnergy> r : f.processes()) {
                ProcessEnergy p = r.energy();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("pid", Integer.toString(p.pid()));
                l.put("comm", p.comm());
                l.put("exe", f.host().exe().of(p.pid(), p.startTimeTicks()));
                VirtualMachine vm = vmOf(f, p);
                l.put("type", !p.workload().isHost() ? "container" : vm.isVm() ? "vm" : "regular");
                l.put("container_id", p.workload().id());
                l.put("vm_id", vm.id());
                Map<String, String> withState = new LinkedHashMap<>(l);
                withState.put("state", r.state());
                perDomain(s, "process", withState, p.zoneJoules().toArray(), r.zoneWatts(), true, sink);
                sink.accept(new Series("kepler_process_cpu_seconds", true,
                        "Total user and system time of cpu at process level in seconds", null, l, p.cpuTime().toNanos() * 1e-9));
            }
        }
        if (levels.contains(MetricsLevel.VM)) {
            vms(f, sink);
        }
        build(f.host().build(), sink);
        self(f, sink);
    }

    /** The VM a process runs; none for a process in a container (Kepler types it {@code container}). */
    private static VirtualMachine vmOf(ExportFrame f, ProcessEnergy p) {
        return p.workload().isHost() ? f.host().vms().of(p.pid(), p.startTimeTicks()) : VirtualMachine.NONE;
    }

    /** Energy and power of one VM: the sums over its processes. */
    private static final class VmSum {
        final VirtualMachine vm;
        final double[] joules;
        final double[] watts;
        boolean running;

        VmSum(VirtualMachine vm, int zones) {
            this.vm = vm;
            this.joules = new double[zones];
            this.watts = new double[zones];
        }
    }

    /**
     * {@code kepler_vm_cpu_*}: per VM the sum of its processes' rows, running while any of them runs, so that VM
     * energy is exactly the energy of the VM's processes. CPU only, as in Kepler.
     */
    private static void vms(ExportFrame f, Consumer<Series> sink) {
        EnergySnapshot s = f.snapshot();
        int zones = s.zones().size();
        Map<String, VmSum> byId = new LinkedHashMap<>();
        for (ExportFrame.Row<ProcessEnergy> r : f.processes()) {
            VirtualMachine vm = vmOf(f, r.energy());
            if (!vm.isVm()) {
                continue;
            }
            VmSum sum = byId.computeIfAbsent(vm.id(), k -> new VmSum(vm, zones));
            double[] j = r.energy().zoneJoules().toArray();
            double[] w = r.zoneWatts();
            for (int z = 0; z < zones && z < j.length && z < w.length; z++) {
                sum.joules[z] += j[z];
                sum.watts[z] += w[z];
            }
            sum.running |= r.running();
        }
        for (VmSum v : byId.values()) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("vm_id", v.vm.id());
            l.put("vm_name", v.vm.name());
            l.put("hypervisor", v.vm.hypervisor());
            l.put("state", v.running ? "running" : "terminated");
            perDomain(s, "vm", l, v.joules, v.watts, false, sink);
        }
    }

    /** Per container id, the pid of one of its live processes (for its name); empty at container level. */
    private static Map<String, Integer> containerPids(EnergySnapshot s) {
        Map<String, Integer> out = new HashMap<>();
        for (ProcessEnergy p : s.processes()) {
            if (!p.exited() && !p.workload().isHost()) {
                out.putIfAbsent(p.workload().id(), p.pid());
            }
        }
        return out;
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

    /** The sum of the zones of one CPU domain at node level. */
    private static final class DomainSum {
        int zones;
        String path;
        double joules;
        double active;
        double idle;
        double watts;
        double activeWatts;
        double idleWatts;
        double carbon;
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
        Map<String, DomainSum> cpu = new LinkedHashMap<>();
        for (int z = 0; z < s.zones().size(); z++) {
            ZoneEnergy ze = s.zones().get(z);
            Zone.Group g = ze.domain().group();
            if (g == Zone.Group.PLATFORM) {
                platform(ze, f.zonePaths().get(z), sink);
            } else if (g == Zone.Group.GPU) {
                gpu(f, z, carbon, sink);
            } else {
                DomainSum d = cpu.computeIfAbsent(ze.domain().tag(), k -> new DomainSum());
                d.zones++;
                d.path = f.zonePaths().get(z);
                d.joules += ze.joules();
                d.active += ze.activeJoules();
                d.idle += ze.idleJoules();
                d.watts += frameWatts(f, z);
                d.activeWatts += f.zoneActiveWatts()[z];
                d.idleWatts += f.zoneIdleWatts()[z];
                d.carbon += ze.carbonGrams();
            }
        }
        for (Map.Entry<String, DomainSum> e : cpu.entrySet()) {
            DomainSum d = e.getValue();
            Map<String, String> l = new LinkedHashMap<>();
            l.put("zone", e.getKey());
            // Kepler's AggregatedZone.Path(): the sockets of one zone name are one series
            l.put("path", d.zones > 1 ? "aggregated-" + e.getKey() : d.path);
            nodeSeries("cpu", l, d.joules, d.active, d.idle, d.watts, d.activeWatts, d.idleWatts, sink);
            if (carbon) {
                sink.accept(new Series("energy4j_node_cpu_carbon_grams", true,
                        "CO2e of the zone's energy in grams (PUE included)", null, l, d.carbon));
            }
        }
    }

    /**
     * A zone's power over the frame's span, active plus idle, so that total = active + idle holds between the three
     * gauges as in Kepler, where all three come from one interval; the last sample's power before a frame has one.
     */
    private static double frameWatts(ExportFrame f, int z) {
        double w = f.zoneActiveWatts()[z] + f.zoneIdleWatts()[z];
        return Double.isNaN(w) ? f.snapshot().zones().get(z).watts() : w;
    }

    private static void nodeSeries(String dev, Map<String, String> l, double joules, double active, double idle,
                                   double watts, double activeWatts, double idleWatts, Consumer<Series> sink) {
        String p = "kepler_node_" + dev;
        boolean gpu = dev.equals("gpu");
        sink.accept(new Series(p + "_joules", true, "Energy consumption of " + dev + " at node level in joules", null,
                l, joules));
        sink.accept(new Series(p + "_active_joules", true, "Energy consumption of " + dev
                + " in active state at node level in joules", null, l, active));
        sink.accept(new Series(p + "_idle_joules", true, "Energy consumption of " + dev
                + " in idle state at node level in joules", null, l, idle));
        sink.accept(new Series(p + "_watts", false, gpu ? "Total GPU power consumption in watts"
                : "Power consumption of cpu at node level in watts", null, l, watts));
        sink.accept(new Series(p + "_active_watts", false, gpu ? "GPU active power (total - idle) in watts"
                : "Power consumption of cpu in active state at node level in watts", null, l, activeWatts));
        sink.accept(new Series(p + "_idle_watts", false, gpu ? "GPU idle power in watts"
                : "Power consumption of cpu in idle state at node level in watts", null, l, idleWatts));
    }

    /** One GPU: Kepler's device labels, and our zone and path besides. */
    private static void gpu(ExportFrame f, int z, boolean carbon, Consumer<Series> sink) {
        ZoneEnergy ze = f.snapshot().zones().get(z);
        GpuInfo g = f.host().gpus().getOrDefault(ze.name(), new GpuInfo(Integer.toString(ze.index()), "", "", ""));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("gpu", g.gpu());
        info.put("gpu_uuid", g.uuid());
        info.put("gpu_name", g.name());
        info.put("vendor", g.vendor());
        sink.accept(new Series("kepler_node_gpu_info", false, "GPU device information for mapping index to UUID/name",
                null, info, 1));
        Map<String, String> l = new LinkedHashMap<>(info);
        l.put("zone", ze.domain().tag());
        l.put("path", f.zonePaths().get(z));
        nodeSeries("gpu", l, ze.joules(), ze.activeJoules(), ze.idleJoules(), frameWatts(f, z),
                f.zoneActiveWatts()[z], f.zoneIdleWatts()[z], sink);
        if (carbon) {
            sink.accept(new Series("energy4j_node_gpu_carbon_grams", true,
                    "CO2e of the zone's energy in grams (PUE included)", null, l, ze.carbonGrams()));
        }
    }

    /**
     * Wall-side power under Kepler's Redfish labels. A Redfish zone's device is the chassis URL: its host is the
     * {@code bmc_id} and its last {@code Chassis/} segment the {@code chassis_id}; the reading is the chassis
     * total rather than one PowerControl entry, so {@code power_control_id} is empty and
     * {@code power_control_name} is the zone's name. Other sources (IPMI, hwmon) have no chassis: their device
     * description is the {@code bmc_id} for IPMI, nothing for hwmon.
     */
    static Map<String, String> platformLabels(ZoneEnergy ze, String device) {
        String bmc = "";
        String chassis = "";
        if (ze.source().equals("redfish")) {
            try {
                URI u = URI.create(device);
                bmc = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
                String path = u.getPath() == null ? "" : u.getPath();
                int at = path.lastIndexOf("/Chassis/");
                chassis = at < 0 ? "" : path.substring(at + "/Chassis/".length()).replaceAll("/+$", "");
            } catch (IllegalArgumentException e) {
                bmc = "";
            }
            bmc = bmc == null ? "" : bmc;
        } else if (ze.source().equals("ipmi")) {
            bmc = device;
        }
        Map<String, String> l = new LinkedHashMap<>();
        l.put("source", ze.source());
        l.put("bmc_id", bmc);
        l.put("chassis_id", chassis);
        l.put("power_control_id", "");
        l.put("power_control_name", ze.name());
        return l;
    }

    private static void platform(ZoneEnergy ze, String device, Consumer<Series> sink) {
        Map<String, String> l = platformLabels(ze, device);
        sink.accept(new Series("kepler_platform_watts", false,
                "Current platform power consumption in watts from BMC PowerControl entries", null, l, ze.watts()));
        sink.accept(new Series("energy4j_platform_joules", true, "Platform (wall-side) energy in joules", null, l,
                ze.joules()));
    }

    /**
     * Below node level: the CPU zones of each domain summed into one series per domain under
     * {@code kepler_<level>_cpu_}, and the GPU zones into one series without {@code zone} under
     * {@code kepler_<level>_gpu_}, emitted only when the entity used a GPU and {@code gpu} is set (Kepler has no
     * VM GPU series).
     */
    private static void perDomain(EnergySnapshot s, String level, Map<String, String> labels, double[] joules,
                                  double[] watts, boolean gpu, Consumer<Series> sink) {
        Map<String, double[]> byDomain = new LinkedHashMap<>();
        double gpuJoules = 0;
        double gpuWatts = 0;
        for (int z = 0; z < s.zones().size() && z < joules.length; z++) {
            ZoneEnergy ze = s.zones().get(z);
            Zone.Group g = ze.domain().group();
            if (g == Zone.Group.PLATFORM) {
                continue;
            }
            if (g == Zone.Group.GPU) {
                gpuJoules += joules[z];
                gpuWatts += watts[z];
                continue;
            }
            double[] acc = byDomain.computeIfAbsent(ze.domain().tag(), k -> new double[2]);
            acc[0] += joules[z];
            acc[1] += watts[z];
        }
        String p = "kepler_" + level + "_";
        for (Map.Entry<String, double[]> e : byDomain.entrySet()) {
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put("zone", e.getKey());
            sink.accept(new Series(p + "cpu_joules", true, "Energy consumption of cpu at " + level
                    + " level in joules", null, l, e.getValue()[0]));
            sink.accept(new Series(p + "cpu_watts", false, "Power consumption of cpu at " + level
                    + " level in watts", null, l, e.getValue()[1]));
        }
        if (gpu && gpuJoules > 0) {
            sink.accept(new Series(p + "gpu_joules", true, "Energy consumption of gpu at " + level
                    + " level in joules", null, labels, gpuJoules));
            sink.accept(new Series(p + "gpu_watts", false, "Power consumption of gpu at " + level
                    + " level in watts", null, labels, gpuWatts));
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
