package io.github.energy4j.agent.podcarbon;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.k8s.attribution.WorkloadEnergyLevels;
import io.github.energy4j.k8s.pods.ContainerInfo;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative idle share and CO2e per pod, container and namespace, built from successive cumulative snapshots.
 *
 * <p>Each {@link #update} takes the interval since the previous one: every primary zone's idle energy of the
 * interval is shared among the pods of the current view by CPU request over the node's allocatable CPU
 * ({@link WorkloadEnergyLevels#splitIdleByCpuRequests}: whoever reserves capacity carries its idle cost, the
 * allocation idea of GHG Protocol-style accounting for shared infrastructure); what no pod requests accumulates as the unrequested remainder, so that for every zone
 * Σ pods' idle + unrequested = the node's idle since the first update. A pod's CO2e is the CO2e of its containers'
 * attributed energy (what the meter converted) plus its idle share times the interval's grams per joule (the node's
 * CO2e over its energy in that interval, PUE included). Inside a pod the idle share goes to its containers by
 * their own CPU requests; a pod whose requests come from init containers only keeps its share at pod level.
 *
 * <p>Totals only grow: they are summed from interval differences, so a pod that finishes, or a workload the
 * meter retires, keeps what it had. A pod absent from both the pod view and the snapshot for longer than the
 * retention is forgotten (its series end); namespaces are never forgotten.
 *
 * <p>Not thread-safe; cold path (once per exporter computation). Allocates per call.
 */
public final class PodCarbonLedger {

    /** How long a pod that is gone keeps its totals (as exited processes keep theirs in the meter). */
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);

    /** Cumulative figures of one pod. */
    public static final class PodTotals {
        final String uid;
        String namespace = "";
        String name = "";
        /** Idle joules per zone label (the zone's domain: {@code package}, {@code dram}, {@code gpu}, ...). */
        final Map<String, Double> idleJoules = new LinkedHashMap<>();
        double idleGrams;
        double activeGrams;
        long lastSeenNanos;

        PodTotals(String uid) {
            this.uid = uid;
        }

        public String uid() {
            return uid;
        }

        public String namespace() {
            return namespace;
        }

        public String name() {
            return name;
        }

        /** Idle joules per zone label; a copy. */
        public Map<String, Double> idleJoules() {
            return new LinkedHashMap<>(idleJoules);
        }

        /** Sum of the idle joules over zones. */
        public double idleJoulesTotal() {
            double t = 0;
            for (double v : idleJoules.values()) {
                t += v;
            }
            return t;
        }

        /** CO2e of the idle share. */
        public double idleGrams() {
            return idleGrams;
        }

        /** CO2e of the attributed energy of the pod's workloads. */
        public double activeGrams() {
            return activeGrams;
        }

        /** Attributed plus idle CO2e. */
        public double grams() {
            return activeGrams + idleGrams;
        }
    }

    /** Cumulative CO2e of one container (attributed plus its part of the pod's idle share). */
    public static final class ContainerTotals {
        final String id;
        final String podUid;
        String name = "";
        double grams;
        double idleGrams;

        ContainerTotals(String id, String podUid) {
            this.id = id;
            this.podUid = podUid;
        }

        public String id() {
            return id;
        }

        public String podUid() {
            return podUid;
        }

        public String name() {
            return name;
        }

        public double grams() {
            return grams;
        }

        public double idleGrams() {
            return idleGrams;
        }
    }

    private final long retentionNanos;
    private final Map<String, PodTotals> pods = new LinkedHashMap<>();
    private final Map<String, ContainerTotals> containers = new LinkedHashMap<>();
    private final Map<String, Double> namespaceGrams = new LinkedHashMap<>();
    private final Map<String, Double> unrequestedJoules = new LinkedHashMap<>();
    private final Map<String, Double> nodeIdleJoules = new LinkedHashMap<>();
    /** Per zone (source/name): its idle joules at the previous update. */
    private Map<String, Double> previousIdle = new HashMap<>();
    /** Per workload id: its CO2e at the previous update. */
    private Map<String, Double> previousWorkloadGrams = new HashMap<>();
    private double previousNodeJoules;
    private double previousNodeGrams;
    private double gramsPerJoule = Double.NaN;
    private boolean first = true;

    public PodCarbonLedger() {
        this(DEFAULT_RETENTION);
    }

    public PodCarbonLedger(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, got " + retention);
        }
        this.retentionNanos = retention.toNanos();
    }

    /**
     * Adds the interval from the previous update (the first: since the meter started) to the totals.
     *
     * @param s                 cumulative snapshot of the meter
     * @param view              the node's pods with their CPU requests ({@link PodView#EMPTY} when none is known yet:
     *                          then all idle energy is unrequested)
     * @param allocatableMillis the node's allocatable CPU in millicores, 0 when unknown (then shares are relative to
     *                          the sum of the requests)
     */
    public void update(EnergySnapshot s, PodView view, long allocatableMillis) {
        long now = s.elapsed().toNanos();
        // the interval's idle energy per zone label, and its grams per joule
        Map<String, Double> idle = new LinkedHashMap<>();
        Map<String, Double> idleNow = new HashMap<>();
        double nodeJoules = 0;
        double nodeGrams = 0;
        for (ZoneEnergy z : s.zones()) {
            if (!z.primary()) {
                continue; // overlapping zones would count the same idle energy twice
            }
            String key = z.source() + '/' + z.name();
            double was = previousIdle.getOrDefault(key, 0.0);
            double d = z.idleJoules() - was;
            idleNow.put(key, z.idleJoules());
            // every primary zone gets its series, at 0 while it has no idle energy (idle policy none)
            idle.merge(z.domain().tag(), d > 0 && Double.isFinite(d) ? d : 0.0, Double::sum);
            nodeJoules += z.joules();
            nodeGrams += z.carbonGrams();
        }
        previousIdle = idleNow;
        double dJoules = nodeJoules - previousNodeJoules;
        double dGrams = nodeGrams - previousNodeGrams;
        if (dJoules > 0 && dGrams >= 0 && Double.isFinite(dGrams)) {
            gramsPerJoule = dGrams / dJoules;
        } else if (s.carbonProvenance().isEmpty()) {
            gramsPerJoule = Double.NaN;
        } // no energy in the interval: keep the last rate (the idle share is 0 then anyway)
        previousNodeJoules = nodeJoules;
        previousNodeGrams = nodeGrams;
        first = false;

        // names and last-seen times of the pods of the view
        for (PodInfo p : view.pods()) {
            PodTotals t = pods.computeIfAbsent(p.uid(), PodTotals::new);
            t.namespace = p.namespace();
            t.name = p.name();
            t.lastSeenNanos = now;
        }
        // attributed CO2e from the meter's workloads, as differences
        Map<String, Double> gramsNow = new HashMap<>();
        for (WorkloadEnergy w : s.workloads()) {
            String uid = w.workload().podUid();
            if (uid.isEmpty() || w.workload().isHost()) {
                continue;
            }
            PodTotals t = pods.computeIfAbsent(uid, PodTotals::new);
            t.lastSeenNanos = now;
            if (t.namespace.isEmpty()) {
                t.namespace = w.workload().labels().getOrDefault("namespace", "");
                t.name = w.workload().labels().getOrDefault("pod", "");
            }
            double g = w.carbonGrams();
            if (!Double.isFinite(g)) {
                continue;
            }
            String id = w.workload().id();
            gramsNow.put(id, g);
            double d = g - previousWorkloadGrams.getOrDefault(id, 0.0);
            if (d <= 0) {
                continue; // a reused workload slot starts lower: its new baseline is kept above
            }
            t.activeGrams += d;
            namespaceGrams.merge(t.namespace, d, Double::sum);
            if (w.workload().kind().equals("container")) {
                ContainerTotals c = containers.computeIfAbsent(id, k -> new ContainerTotals(k, uid));
                c.grams += d;
                String n = w.workload().labels().get("container");
                if (n != null) {
                    c.name = n;
                }
            }
        }
        previousWorkloadGrams = gramsNow;

        // the idle split: fractions per pod once, applied to every zone label
        WorkloadEnergyLevels.IdleSplit fractions = WorkloadEnergyLevels.splitIdleByCpuRequests(1.0, view,
                allocatableMillis);
        double idleTotal = 0;
        for (Map.Entry<String, Double> e : idle.entrySet()) {
            String zone = e.getKey();
            double d = e.getValue();
            idleTotal += d;
            nodeIdleJoules.merge(zone, d, Double::sum);
            double given = 0;
            for (Map.Entry<String, Double> f : fractions.byPod().entrySet()) {
                double share = d * f.getValue();
                pods.get(f.getKey()).idleJoules.merge(zone, share, Double::sum);
                given += share;
            }
            unrequestedJoules.merge(zone, Math.max(0, d - given), Double::sum);
        }
        for (Map.Entry<String, Double> f : fractions.byPod().entrySet()) {
            if (!(gramsPerJoule >= 0) || idleTotal == 0) {
                break;
            }
            PodTotals t = pods.get(f.getKey());
            double grams = idleTotal * f.getValue() * gramsPerJoule;
            t.idleGrams += grams;
            namespaceGrams.merge(t.namespace, grams, Double::sum);
            shareAmongContainers(view.pod(t.uid), grams);
        }
        forgetGone(now);
    }

    /** The pod's idle grams to its regular containers by their CPU requests. */
    private void shareAmongContainers(PodInfo pod, double grams) {
        long requested = 0;
        for (ContainerInfo c : pod.containers()) {
            if (c.type() == ContainerInfo.Type.CONTAINER && !c.containerId().isEmpty()) {
                requested += c.cpuRequestMillis();
            }
        }
        if (requested == 0) {
            return;
        }
        for (ContainerInfo c : pod.containers()) {
            if (c.type() != ContainerInfo.Type.CONTAINER || c.containerId().isEmpty() || c.cpuRequestMillis() == 0) {
                continue;
            }
            ContainerTotals t = containers.computeIfAbsent(c.containerId(), k -> new ContainerTotals(k, pod.uid()));
            t.name = c.name();
            double g = grams * c.cpuRequestMillis() / requested;
            t.grams += g;
            t.idleGrams += g;
        }
    }

    private void forgetGone(long now) {
        for (Iterator<PodTotals> it = pods.values().iterator(); it.hasNext(); ) {
            PodTotals t = it.next();
            if (now - t.lastSeenNanos > retentionNanos) {
                it.remove();
                containers.values().removeIf(c -> c.podUid.equals(t.uid));
            }
        }
    }

    /** Whether {@link #update} ran at least once. */
    public boolean updated() {
        return !first;
    }

    /** Grams of CO2e per joule of the last interval with energy (PUE included); NaN without a grid intensity. */
    public double gramsPerJoule() {
        return gramsPerJoule;
    }

    /** The pods with totals, in first-seen order; live objects, read them before the next update. */
    public List<PodTotals> pods() {
        return new ArrayList<>(pods.values());
    }

    /** The pod with this UID, or null. */
    public PodTotals pod(String uid) {
        return pods.get(uid);
    }

    /** The containers with CO2e, in first-seen order; live objects. */
    public List<ContainerTotals> containers() {
        return new ArrayList<>(containers.values());
    }

    /** CO2e per namespace ({@code ""}: pods not yet named by the pod source); a copy. */
    public Map<String, Double> namespaceGrams() {
        return new LinkedHashMap<>(namespaceGrams);
    }

    /** Idle joules per zone label that no pod's request covers; a copy. */
    public Map<String, Double> unrequestedJoules() {
        return new LinkedHashMap<>(unrequestedJoules);
    }

    /** The node's idle joules per zone label since the first update; a copy. */
    public Map<String, Double> nodeIdleJoules() {
        return new LinkedHashMap<>(nodeIdleJoules);
    }
}
