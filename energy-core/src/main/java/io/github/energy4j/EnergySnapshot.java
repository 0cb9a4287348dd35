package io.github.energy4j;

import io.github.energy4j.internal.FrameData;
import io.github.energy4j.spi.Workload;
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

    /**
     * A reusable copy of a meter's cumulative figures, for readers that poll often and must not allocate (an
     * exporter at 10,000 processes, a benchmark harness): {@link EnergyMeter#snapshotInto(Buffer)} fills it from
     * the last sample, growing its arrays only when the number of zones, processes or workloads grows, in the
     * style of HdrHistogram's recycled interval histograms. Indexes follow {@link EnergySnapshot}: zone {@code z}
     * is {@code meter.snapshot().zones().get(z)}; processes and workloads are numbered {@code 0 ..
     * processCount() - 1} and {@code 0 .. workloadCount() - 1} in the order of that sample. Not thread-safe: one
     * buffer per reading thread.
     *
     * <pre>{@code
     * EnergySnapshot.Buffer b = new EnergySnapshot.Buffer();
     * while (running) {
     *     meter.snapshotInto(b);
     *     for (int i = 0; i < b.processCount(); i++) {
     *         record(b.pid(i), b.processJoules(i));
     *     }
     * }
     * }</pre>
     */
    public static final class Buffer {

        final FrameData data = new FrameData();

        /** An empty buffer; the first {@link EnergyMeter#snapshotInto(Buffer)} sizes it. */
        public Buffer() {
        }

        /** Completed sampling intervals. */
        public long intervals() {
            return Math.max(0, data.ticks - 1);
        }

        /** Nanoseconds since the meter's first sample. */
        public long elapsedNanos() {
            return data.elapsedNanos;
        }

        /** Number of zones. */
        public int zoneCount() {
            return data.zones;
        }

        /** Joules of zone {@code z} ({@link ZoneEnergy#joules()}). */
        public double zoneJoules(int z) {
            return data.zoneJoules[check(z, data.zones)];
        }

        /** Idle joules of zone {@code z} ({@link ZoneEnergy#idleJoules()}). */
        public double zoneIdleJoules(int z) {
            return data.zoneIdle[check(z, data.zones)];
        }

        /** Unattributed joules of zone {@code z} ({@link ZoneEnergy#unattributedJoules()}). */
        public double zoneUnattributedJoules(int z) {
            return data.zoneUnattributed[check(z, data.zones)];
        }

        /** Watts of zone {@code z} over the last interval, NaN before two readings. */
        public double zoneWatts(int z) {
            return data.zoneWatts[check(z, data.zones)];
        }

        /** Number of processes (live ones and exited ones within their retention). */
        public int processCount() {
            return data.processes;
        }

        /** Process id of process {@code i}. */
        public int pid(int i) {
            return data.pid[check(i, data.processes)];
        }

        /** Start time of process {@code i} in clock ticks since boot; with the pid its identity. */
        public long startTimeTicks(int i) {
            return data.startTimeTicks[check(i, data.processes)];
        }

        /** Joules of process {@code i} over the primary zones ({@link ProcessEnergy#joules()}). */
        public double processJoules(int i) {
            return data.processJoules[check(i, data.processes)];
        }

        /** Joules of process {@code i} in zone {@code z}. */
        public double processZoneJoules(int i, int z) {
            return data.processZoneJoules[check(i, data.processes) * data.zones + check(z, data.zones)];
        }

        /** Whether process {@code i} has exited (its totals are final). */
        public boolean exited(int i) {
            return data.exited[check(i, data.processes)];
        }

        /** Number of workloads (containers, pods) seen. */
        public int workloadCount() {
            return data.workloads;
        }

        /** Workload {@code w}: its identity and labels. */
        public Workload workload(int w) {
            return data.workload[check(w, data.workloads)];
        }

        /** Joules of workload {@code w} over the primary zones ({@link WorkloadEnergy#joules()}). */
        public double workloadJoules(int w) {
            return data.workloadJoules[check(w, data.workloads)];
        }

        private static int check(int i, int n) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (n - 1));
            }
            return i;
        }
    }
}
