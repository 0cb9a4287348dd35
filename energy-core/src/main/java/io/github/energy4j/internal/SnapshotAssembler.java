package io.github.energy4j.internal;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.procfs.ClockTicks;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the sampler's and the engine's primitive state into the API's immutable {@link EnergySnapshot}: zones,
 * processes (containers standing in for processes are left out) and workloads. A reader's cold path: it
 * allocates the snapshot it returns.
 */
public final class SnapshotAssembler {

    private SnapshotAssembler() {
    }

    /** The meter's cumulative figures; the caller holds the sampler's lock. */
    public static EnergySnapshot assemble(Sampler smp, List<SourceStatus> statuses) {
        AttributionEngine e = smp.engine();
        Zone[] zones = smp.zones();
        List<ZoneEnergy> zs = new ArrayList<>(zones.length);
        double retired = 0;
        for (int z = 0; z < zones.length; z++) {
            Zone zone = zones[z];
            zs.add(new ZoneEnergy(zone.name(), zone.index(), zone.domain(), smp.zoneSource(z), zone.estimated(),
                    e.isPrimary(z), e.zoneJoules(z), e.zoneActiveJoules(z), e.zoneIdleJoules(z),
                    e.zoneUnattributedJoules(z), smp.zoneWatts(z),
                    smp.grid() == null ? Double.NaN : e.zoneCarbonGrams(z), smp.zoneStatus(z)));
            if (e.isPrimary(z)) {
                retired += e.zoneRetiredProcessJoules(z);
            }
        }
        smp.refreshWorkloads();
        double tps = ClockTicks.perSecond();
        List<ProcessEnergy> ps = new ArrayList<>();
        for (int s = 0; s < e.slotLimit(); s++) {
            if (!e.inUse(s) || e.pid(s) < 0) {
                continue; // negative pids are containers standing in for processes (container-level attribution)
            }
            double[] zj = new double[zones.length];
            for (int z = 0; z < zones.length; z++) {
                zj[z] = e.processJoules(s, z);
            }
            int w = e.workload(s);
            Workload wl = w == AttributionEngine.NO_WORKLOAD || smp.workload(w) == null ? Workload.HOST : smp.workload(w);
            ps.add(new ProcessEnergy(e.pid(s), e.startTime(s), e.comm(s), wl, e.processPrimaryJoules(s),
                    ZoneJoules.of(zj), Duration.ofNanos(Math.round(e.cpuTicks(s) * 1e9 / tps)), smp.grid() == null ? Double.NaN : e.processCarbonGrams(s), e.exited(s)));
        }
        List<WorkloadEnergy> ws = new ArrayList<>();
        for (int w = 0; w < smp.workloadLimit(); w++) {
            Workload wl = smp.workload(w);
            if (wl == null) {
                continue;
            }
            double[] zj = new double[zones.length];
            double sum = 0;
            for (int z = 0; z < zones.length; z++) {
                zj[z] = e.workloadJoules(w, z);
                if (e.isPrimary(z)) {
                    sum += zj[z];
                }
            }
            ws.add(new WorkloadEnergy(wl, sum, ZoneJoules.of(zj), smp.grid() == null ? Double.NaN : e.workloadCarbonGrams(w),
                    e.workloadLastSeen(w) == e.epoch()));
        }
        return new EnergySnapshot(Instant.now(), Duration.ofNanos(smp.elapsedNanos()), Math.max(0, smp.ticks() - 1),
                zs, ps, ws, retired, statuses, smp.grid() == null ? "" : smp.grid().provenance());
    }

}
