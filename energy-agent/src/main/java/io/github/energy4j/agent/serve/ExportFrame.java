package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import java.util.List;
import java.util.Map;

/**
 * What one scrape exports: the cumulative snapshot plus per-entity power since the previous frame and
 * which workloads still run. Terminated entities appear in exactly one frame (state {@code terminated}).
 *
 * @param snapshot        cumulative energy since the meter started
 * @param zonePaths       per zone: the sysfs path (Kepler's {@code path}), a platform zone's device (its BMC URL
 *                        or description, for the platform labels), else the zone name
 * @param zoneActiveWatts per zone: active power since the previous frame (the first frame: since the meter
 *                        started); NaN when no time has passed or the zones changed
 * @param zoneIdleWatts   per zone: idle power, likewise
 * @param containers      container workloads to export
 * @param pods            pods to export
 * @param processes       processes to export
 * @param self            self-metrics: the meter's plus {@code computations} and {@code droppedSeries}
 * @param host            node facts besides energy: CPU usage ratio, CPUs, build, process executables
 */
public record ExportFrame(EnergySnapshot snapshot, List<String> zonePaths, double[] zoneActiveWatts,
                          double[] zoneIdleWatts, List<Row<WorkloadEnergy>> containers, List<Row<PodEnergy>> pods,
                          List<Row<ProcessEnergy>> processes, Map<String, Number> self,
                          HostFacts host) {

    /**
     * One exported entity.
     *
     * @param energy     cumulative energy
     * @param running    false in the single frame that reports it as terminated
     * @param zoneWatts  per zone: power since the previous frame; an entity new in this frame used all its energy
     *                   since then (it started meanwhile, or had used none before); NaN when no time has passed
     * @param cpuSeconds cumulative CPU time while observed: a process's own, a container's summed from its
     *                   processes' increments (so it never goes down when one of them is forgotten); NaN when
     *                   unknown (pods, and containers metered from their cgroup counters, which list no process)
     */
    public record Row<T>(T energy, boolean running, double[] zoneWatts, double cpuSeconds) {

        /** A row whose CPU time is unknown. */
        public Row(T energy, boolean running, double[] zoneWatts) {
            this(energy, running, zoneWatts, Double.NaN);
        }

        public String state() {
            return running ? "running" : "terminated";
        }
    }
}
