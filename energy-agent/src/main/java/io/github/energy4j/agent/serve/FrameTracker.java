package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive cumulative snapshots into export frames: power from the difference to the previous
 * frame, and the once-then-drop rule for terminated workloads, pods and processes (a terminated entity is
 * exported with state {@code terminated} in one frame, then its series are removed). Not thread-safe.
 */
public final class FrameTracker {

    private final List<String> zonePaths;
    private EnergySnapshot previous;
    private Map<String, double[]> previousJoules = new HashMap<>();
    /** Keys of terminated entities already exported once. */
    private final Set<String> terminatedShown = new HashSet<>();
    private long droppedSeries;
    /** Per container process (by process key): its CPU seconds in the previous frame. */
    private Map<String, Double> processCpu = new HashMap<>();
    /** Per container id: CPU seconds of its processes summed from their increments. */
    private final Map<String, double[]> containerCpu = new HashMap<>();

    /**
     * @param zonePaths per zone of the snapshots: sysfs path (Kepler's {@code path} label), a platform zone's
     *                  device, or the zone name
     */
    public FrameTracker(List<String> zonePaths) {
        this.zonePaths = List.copyOf(zonePaths);
    }

    /** Entities dropped after their terminated frame, in total. */
    public long droppedSeries() {
        return droppedSeries;
    }

    /** The next frame, without node facts ({@link HostFacts#NONE}). */
    public ExportFrame next(EnergySnapshot s, Map<String, Number> selfMetrics) {
        return next(s, selfMetrics, HostFacts.NONE);
    }

    /** The next frame; {@code host} is passed through to the naming. */
    public ExportFrame next(EnergySnapshot s, Map<String, Number> selfMetrics, HostFacts host) {
        int zones = s.zones().size();
        // the first frame's "previous" is the meter's start, where every total was zero
        double dt = (s.elapsed().toNanos() - (previous == null ? 0 : previous.elapsed().toNanos())) * 1e-9;
        boolean sameZones = previous == null || previous.zones().size() == zones;
        double[] activeW = new double[zones];
        double[] idleW = new double[zones];
        for (int z = 0; z < zones; z++) {
            ZoneEnergy now = s.zones().get(z);
            ZoneEnergy before = previous == null || !sameZones ? null : previous.zones().get(z);
            boolean known = sameZones && dt > 0;
            activeW[z] = !known ? Double.NaN : (now.activeJoules() - (before == null ? 0 : before.activeJoules())) / dt;
            idleW[z] = !known ? Double.NaN : (now.idleJoules() - (before == null ? 0 : before.idleJoules())) / dt;
        }
        Set<String> runningWorkloads = new HashSet<>();
        for (ProcessEnergy p : s.processes()) {
            if (!p.exited()) {
                runningWorkloads.add(p.workload().id());
            }
        }
        Map<String, double[]> joulesNow = new HashMap<>();
        Set<String> present = new HashSet<>();
        accumulateContainerCpu(s);

        List<ExportFrame.Row<WorkloadEnergy>> containers = new ArrayList<>();
        Set<String> runningPods = new HashSet<>();
        for (WorkloadEnergy w : s.workloads()) {
            if (w.running()) {
                runningWorkloads.add(w.workload().id()); // container-level attribution lists no processes
            }
            if (runningWorkloads.contains(w.workload().id()) && !w.workload().podUid().isEmpty()) {
                runningPods.add(w.workload().podUid());
            }
            if (w.workload().isHost() || !w.workload().kind().equals("container")) {
                continue;
            }
            String key = "c/" + w.workload().id();
            double[] cpu = containerCpu.get(w.workload().id());
            ExportFrame.Row<WorkloadEnergy> row = row(key, w, w.zoneJoules().toArray(),
                    runningWorkloads.contains(w.workload().id()), dt, joulesNow, present,
                    cpu == null ? Double.NaN : cpu[0]);
            if (row != null) {
                containers.add(row);
            }
        }
        List<ExportFrame.Row<PodEnergy>> pods = new ArrayList<>();
        for (PodEnergy p : PodEnergy.rollUp(s.workloads())) {
            ExportFrame.Row<PodEnergy> row = row("p/" + p.podUid(), p, p.zoneJoules(),
                    runningPods.contains(p.podUid()), dt, joulesNow, present, Double.NaN);
            if (row != null) {
                pods.add(row);
            }
        }
        List<ExportFrame.Row<ProcessEnergy>> procs = new ArrayList<>();
        for (ProcessEnergy p : s.processes()) {
            double cpuSeconds = p.cpuTime().toNanos() * 1e-9;
            if (p.joules() == 0 && cpuSeconds == 0) {
                continue; // never ran while observed (idle kernel threads): no series until it does
            }
            ExportFrame.Row<ProcessEnergy> row = row(processKey(p), p, p.zoneJoules().toArray(),
                    !p.exited(), dt, joulesNow, present, cpuSeconds);
            if (row != null) {
                procs.add(row);
            }
        }
        terminatedShown.retainAll(present); // forget entities the snapshot no longer holds
        previous = s;
        previousJoules = joulesNow;
        Map<String, Number> self = new HashMap<>(selfMetrics);
        self.put("droppedSeries", droppedSeries);
        return new ExportFrame(s, zonePaths.size() == zones ? zonePaths : names(s), activeW, idleW, containers, pods,
                procs, self, host);
    }

    private static String processKey(ProcessEnergy p) {
        return "x/" + p.pid() + "/" + p.startTimeTicks();
    }

    /**
     * Adds each container process's CPU time since the previous frame to its container (a process new since then:
     * all of its CPU time while observed); forgets the processes and containers the snapshot no longer holds.
     */
    private void accumulateContainerCpu(EnergySnapshot s) {
        Map<String, Double> now = new HashMap<>();
        for (ProcessEnergy p : s.processes()) {
            if (p.workload().isHost()) {
                continue;
            }
            String key = processKey(p);
            Double before = processCpu.get(key);
            double[] total = containerCpu.computeIfAbsent(p.workload().id(), k -> new double[1]);
            double cpuSeconds = p.cpuTime().toNanos() * 1e-9;
            total[0] += Math.max(0, cpuSeconds - (before == null ? 0 : before));
            now.put(key, Math.max(cpuSeconds, before == null ? 0 : before));
        }
        processCpu = now;
        Set<String> known = new HashSet<>();
        for (WorkloadEnergy w : s.workloads()) {
            known.add(w.workload().id());
        }
        containerCpu.keySet().retainAll(known);
    }

    private <T> ExportFrame.Row<T> row(String key, T energy, double[] zoneJoules, boolean running, double dt,
                                       Map<String, double[]> joulesNow, Set<String> present, double cpuSeconds) {
        present.add(key);
        if (running) {
            terminatedShown.remove(key);
        } else if (!terminatedShown.add(key)) {
            if (previousJoules.containsKey(key)) {
                droppedSeries++; // exported as terminated last frame; gone from now on
            }
            return null;
        }
        joulesNow.put(key, zoneJoules);
        // not in the previous frame: it started since (or had used nothing yet), so all its energy is from this span
        double[] before = previousJoules.get(key);
        double[] watts = new double[zoneJoules.length];
        for (int z = 0; z < watts.length; z++) {
            double was = before == null ? 0 : z < before.length ? before[z] : Double.NaN;
            watts[z] = dt > 0 ? (zoneJoules[z] - was) / dt : Double.NaN;
        }
        return new ExportFrame.Row<>(energy, running, watts, cpuSeconds);
    }

    private static List<String> names(EnergySnapshot s) {
        List<String> out = new ArrayList<>();
        for (ZoneEnergy z : s.zones()) {
            out.add(z.name());
        }
        return out;
    }
}
