package io.github.energy4j.agent.report;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The green-ops view of a metered window: energy in kWh, CO2e, shares by zone and namespace, utilisation,
 * idle share, and rule-based recommendations.
 *
 * @param seconds          window length
 * @param nodeJoules       primary zones
 * @param kwh              {@code nodeJoules} in kWh
 * @param carbonGrams      CO2e of the primary zones, NaN without a grid intensity
 * @param idleShare        idle joules / node joules (0..1), NaN when no energy
 * @param cpuUtilisation   process CPU seconds / (window x CPUs), NaN when the CPU count is unknown
 * @param gpuActiveShare   GPU active joules / GPU joules, NaN without GPUs
 * @param otherJoules      platform joules minus the primary CPU/GPU zones, never negative; NaN without a platform
 *                         zone or while one is unreadable (see {@link #otherJoules(List)})
 * @param zoneJoules       primary zone name to joules
 * @param namespaceJoules  namespace ({@code (host)} for processes outside pods) to joules
 * @param pods             pod roll-up, largest first
 * @param recommendations  what to do about it, most important first
 * @param trace            node power over the window, may be empty
 */
public record GreenSummary(double seconds, double nodeJoules, double kwh, double carbonGrams, double idleShare,
                           double cpuUtilisation, double gpuActiveShare, double otherJoules,
                           Map<String, Double> zoneJoules, Map<String, Double> namespaceJoules, List<PodEnergy> pods,
                           List<String> recommendations, List<PowerPoint> trace, boolean estimated) {

    /** Node power at one point of the window. */
    public record PowerPoint(double seconds, double watts) {
    }

    /**
     * Platform (wall-side) joules not explained by the primary CPU and GPU zones: fans, disks, NICs, PSU
     * losses. Never negative (sensors disagree at the margin). NaN without a platform zone, and NaN while
     * any platform zone has a non-empty {@link ZoneEnergy#status()}: a meter that could not be read holds
     * less than the platform used, and the difference would be a made-up figure (often a silent 0).
     */
    public static double otherJoules(List<ZoneEnergy> zones) {
        double platform = Double.NaN;
        double parts = 0;
        for (ZoneEnergy z : zones) {
            if (z.domain().group() == Zone.Group.PLATFORM) {
                if (!z.status().isEmpty()) {
                    return Double.NaN;
                }
                platform = (Double.isNaN(platform) ? 0 : platform) + z.joules();
            } else if (z.primary()) {
                parts += z.joules();
            }
        }
        return Double.isNaN(platform) ? Double.NaN : Math.max(0, platform - parts);
    }

    /**
     * Why {@link #otherJoules(List)} is unknown though there is a platform zone: {@code "<zone>: <status>"}
     * of the first unreadable one; empty when there is none or every platform zone reads.
     */
    public static String platformProblem(List<ZoneEnergy> zones) {
        for (ZoneEnergy z : zones) {
            if (z.domain().group() == Zone.Group.PLATFORM && !z.status().isEmpty()) {
                return z.name() + ": " + z.status();
            }
        }
        return "";
    }

    /** Thresholds of the recommendation rules. */
    static final double HIGH_IDLE_SHARE = 0.5;
    static final double LOW_GPU_ACTIVE_SHARE = 0.3;
    static final double LOW_CPU_UTILISATION = 0.2;
    static final double HIGH_UNATTRIBUTED_SHARE = 0.25;

    /**
     * @param cpus          logical CPUs of the node, 0 when unknown
     * @param forecastAvailable whether a live intensity provider with forecasts is configured
     */
    public static GreenSummary of(EnergySnapshot s, int cpus, boolean forecastAvailable, List<PowerPoint> trace) {
        double secs = s.elapsed().toNanos() * 1e-9;
        double node = s.nodeJoules();
        Map<String, Double> zones = new LinkedHashMap<>();
        double gpu = 0;
        double gpuActive = 0;
        for (ZoneEnergy z : s.zones()) {
            if (!z.primary()) {
                continue;
            }
            zones.put(z.name(), z.joules());
            if (z.domain() == Zone.Domain.GPU) {
                gpu += z.joules();
                gpuActive += z.activeJoules();
            }
        }
        double other = otherJoules(s.zones());
        double cpuSeconds = 0;
        Map<String, Double> ns = new LinkedHashMap<>();
        for (ProcessEnergy p : s.processes()) {
            cpuSeconds += p.cpuTime().toNanos() * 1e-9;
            if (p.workload().isHost()) {
                ns.merge("(host)", p.joules(), Double::sum);
            }
        }
        for (WorkloadEnergy w : s.workloads()) {
            ns.merge(w.workload().labels().getOrDefault("namespace", "(unknown namespace)"), w.joules(), Double::sum);
        }
        List<PodEnergy> pods = new ArrayList<>(PodEnergy.rollUp(s.workloads()));
        pods.sort((a, b) -> Double.compare(b.joules(), a.joules()));
        double idleShare = node > 0 ? s.idleJoules() / node : Double.NaN;
        double util = cpus > 0 && secs > 0 ? cpuSeconds / (secs * cpus) : Double.NaN;
        double gpuShare = gpu > 0 ? gpuActive / gpu : Double.NaN;
        double active = node - s.idleJoules();
        double unattributedShare = active > 0 ? s.unattributedJoules() / active : Double.NaN;
        boolean estimated = s.provenance() == Provenance.ESTIMATED;
        List<String> recs = recommendations(idleShare, util, gpuShare, unattributedShare, forecastAvailable, estimated);
        double carbon = Double.NaN;
        if (!s.carbonProvenance().isEmpty()) {
            carbon = 0;
            for (ZoneEnergy z : s.zones()) {
                if (z.primary()) {
                    carbon += z.carbonGrams();
                }
            }
        }
        return new GreenSummary(secs, node, node / 3.6e6, carbon, idleShare, util, gpuShare, other, zones, ns, pods,
                recs, List.copyOf(trace), estimated);
    }

    /** The rules, in order of how much they usually save. */
    static List<String> recommendations(double idleShare, double util, double gpuShare, double unattributedShare,
                                        boolean forecastAvailable, boolean estimated) {
        List<String> r = new ArrayList<>();
        if (idleShare > HIGH_IDLE_SHARE) {
            r.add(pct("Idle power is %s of the node's energy: consolidate workloads onto fewer nodes, or let the "
                    + "autoscaler remove this one when it is this quiet.", idleShare));
        }
        if (gpuShare < LOW_GPU_ACTIVE_SHARE) {
            r.add(pct("GPUs spent only %s of their energy above idle: batch more work per GPU, share it "
                    + "(MIG or time-slicing), or release it when idle.", gpuShare));
        }
        if (util < LOW_CPU_UTILISATION) {
            r.add(pct("CPU utilisation averaged %s: pods are likely over-provisioned; lower their CPU requests or "
                    + "bin-pack them onto fewer nodes.", util));
        }
        if (unattributedShare > HIGH_UNATTRIBUTED_SHARE) {
            r.add(pct("%s of the active energy is not attributed to any process (interrupts, processes shorter "
                    + "than an interval): use a shorter --interval for a finer split.", unattributedShare));
        }
        if (forecastAvailable) {
            r.add("A forecasting intensity provider is configured: shift deferrable batch jobs to the lowest-carbon "
                    + "window of its forecast.");
        }
        if (estimated) {
            r.add("These figures are model estimates: give the agent access to RAPL or NVML for measured energy "
                    + "(see energy4j doctor).");
        }
        return r;
    }

    private static String pct(String format, double share) {
        return String.format(Locale.ROOT, format, String.format(Locale.ROOT, "%.0f %%", share * 100));
    }
}
