package io.github.energy4j.internal;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.procfs.ClockTicks;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the sampler's and the engine's primitive state into the API's immutable {@link EnergySnapshot}: zones,
 * processes (containers standing in for processes are left out) and workloads. A reader's cold path: it
 * allocates the snapshot it returns, from a copy of the last tick's frame (see {@link FramePublisher}).
 */
public final class SnapshotAssembler {

    private SnapshotAssembler() {
    }

    /** The figures of {@code f} (a frame of {@code smp}) as the API's snapshot. Any thread. */
    public static EnergySnapshot assemble(Sampler smp, FrameData f, List<SourceStatus> statuses) {
        Zone[] zones = smp.zones();
        int nz = f.zones;
        List<ZoneEnergy> zs = new ArrayList<>(nz);
        for (int z = 0; z < nz; z++) {
            Zone zone = zones[z];
            zs.add(new ZoneEnergy(zone.name(), zone.index(), zone.domain(), smp.zoneSource(z), zone.estimated(),
                    smp.engine().isPrimary(z), f.zoneJoules[z], f.zoneActive[z], f.zoneIdle[z],
                    f.zoneUnattributed[z], f.zoneWatts[z], f.zoneCarbon[z], f.zoneStatus[z]));
        }
        double tps = ClockTicks.perSecond();
        List<ProcessEnergy> ps = new ArrayList<>(f.processes);
        for (int i = 0; i < f.processes; i++) {
            ps.add(new ProcessEnergy(f.pid[i], f.startTimeTicks[i], f.comm[i], f.processWorkload[i],
                    f.processJoules[i], ZoneJoules.of(Arrays.copyOfRange(f.processZoneJoules, i * nz, i * nz + nz)),
                    Duration.ofNanos(Math.round(f.cpuTicks[i] * 1e9 / tps)), f.processCarbon[i], f.exited[i]));
        }
        List<WorkloadEnergy> ws = new ArrayList<>(f.workloads);
        for (int i = 0; i < f.workloads; i++) {
            ws.add(new WorkloadEnergy(f.workload[i], f.workloadJoules[i],
                    ZoneJoules.of(Arrays.copyOfRange(f.workloadZoneJoules, i * nz, i * nz + nz)), f.workloadCarbon[i],
                    f.running[i]));
        }
        return new EnergySnapshot(Instant.now(), Duration.ofNanos(f.elapsedNanos), Math.max(0, f.ticks - 1), zs, ps,
                ws, f.retiredProcessJoules, statuses, smp.grid() == null ? "" : smp.grid().provenance());
    }
}
