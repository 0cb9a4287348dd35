package io.github.energy4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative energy since the meter started, as of one sample. Immutable.
 *
 * @param time        wall-clock time of the sample
 * @param elapsed     time since the meter's first sample
 * @param intervals   number of completed sampling intervals
 * @param zones       every zone of the selected sources
 * @param processes   live processes and exited ones still within their retention
 * @param workloads   containers/pods seen (empty without a workload resolver)
 * @param retiredProcessJoules energy of processes whose retention ended (primary zones), so that
 *                    {@code sum(processes) + retiredProcessJoules + unattributed + idle = node}
 * @param sources     provider status
 * @param carbonProvenance where the carbon figures come from, empty without a grid intensity
 */
public record EnergySnapshot(Instant time, Duration elapsed, long intervals, List<ZoneEnergy> zones,
                             List<ProcessEnergy> processes, List<WorkloadEnergy> workloads,
                             double retiredProcessJoules, List<SourceStatus> sources, String carbonProvenance) {

    public EnergySnapshot {
        zones = List.copyOf(zones);
        processes = List.copyOf(processes);
        workloads = List.copyOf(workloads);
        sources = List.copyOf(sources);
    }

    /** Sum of the primary zones' joules: the node's energy without double counting. */
    public double nodeJoules() {
        double sum = 0;
        for (ZoneEnergy z : zones) {
            if (z.primary()) {
                sum += z.joules();
            }
        }
        return sum;
    }

    /** Sum of the primary zones' unattributed joules. */
    public double unattributedJoules() {
        double sum = 0;
        for (ZoneEnergy z : zones) {
            if (z.primary()) {
                sum += z.unattributedJoules();
            }
        }
        return sum;
    }

    /** Sum of the primary zones' idle joules. */
    public double idleJoules() {
        double sum = 0;
        for (ZoneEnergy z : zones) {
            if (z.primary()) {
                sum += z.idleJoules();
            }
        }
        return sum;
    }

    /** Whether any primary zone is a model estimate. */
    public Provenance provenance() {
        Provenance p = Provenance.UNAVAILABLE;
        for (ZoneEnergy z : zones) {
            if (z.primary()) {
                p = p.and(z.estimated() ? Provenance.ESTIMATED : Provenance.MEASURED);
            }
        }
        return p;
    }

    /**
     * The energy of the window between {@code earlier} and this snapshot of the same meter. Processes
     * and workloads new in the window count from zero.
     */
    public EnergySnapshot since(EnergySnapshot earlier) {
        // keyed by source and name: two sources may name a zone alike (package-0 from powercap and from MSR)
        Map<String, ZoneEnergy> oldZones = new HashMap<>();
        for (ZoneEnergy z : earlier.zones) {
            oldZones.put(z.source() + '/' + z.name(), z);
        }
        List<ZoneEnergy> zs = new ArrayList<>();
        for (ZoneEnergy z : zones) {
            ZoneEnergy o = oldZones.get(z.source() + '/' + z.name());
            zs.add(o == null ? z : z.minus(o));
        }
        Map<Long, ProcessEnergy> oldProcs = new HashMap<>();
        for (ProcessEnergy p : earlier.processes) {
            oldProcs.put(key(p), p);
        }
        List<ProcessEnergy> ps = new ArrayList<>();
        for (ProcessEnergy p : processes) {
            ProcessEnergy o = oldProcs.get(key(p));
            ps.add(o == null ? p : p.minus(o));
        }
        Map<String, WorkloadEnergy> oldW = new HashMap<>();
        for (WorkloadEnergy w : earlier.workloads) {
            oldW.put(w.workload().id(), w);
        }
        List<WorkloadEnergy> ws = new ArrayList<>();
        for (WorkloadEnergy w : workloads) {
            WorkloadEnergy o = oldW.get(w.workload().id());
            ws.add(o == null ? w : w.minus(o));
        }
        return new EnergySnapshot(time, elapsed.minus(earlier.elapsed), intervals - earlier.intervals, zs, ps, ws,
                retiredProcessJoules - earlier.retiredProcessJoules, sources, carbonProvenance);
    }

    private static long key(ProcessEnergy p) {
        return ((long) p.pid() << 40) ^ p.startTimeTicks();
    }
}
