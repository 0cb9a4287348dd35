package io.github.energy4j.profiler.internal;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.Zone;
import java.util.List;

/**
 * Reads this process's cumulative energy from a self-only {@link EnergyMeter} that only this reader samples:
 * {@link #read()} takes a meter sample now, so a window's energy ends where the window does. Window thread only.
 */
final class ProcessEnergyReader {

    /**
     * This process's cumulative figures as of one meter sample.
     *
     * @param cpuJoules     CPU energy: the primary zones that are not GPUs (NaN when no such zone)
     * @param gpuJoules     GPU energy: the primary GPU zones (NaN when there is none)
     * @param cpuSeconds    the process's CPU time while metered
     * @param cpuProvenance whether the CPU energy is measured or estimated
     * @param gpuProvenance whether the GPU energy is measured or estimated
     */
    record Reading(double cpuJoules, double gpuJoules, double cpuSeconds, Provenance cpuProvenance,
                   Provenance gpuProvenance) {
    }

    private final EnergyMeter meter;
    private final int pid;

    ProcessEnergyReader(EnergyMeter meter, int pid) {
        this.meter = meter;
        this.pid = pid;
    }

    /** Samples the meter now and returns this process's figures. */
    Reading read() {
        meter.sampleNow();
        return of(meter.snapshot(), pid);
    }

    /** The figures of process {@code pid} in {@code s}; zeros (with the zones' provenance) when it is not listed. */
    static Reading of(EnergySnapshot s, int pid) {
        ProcessEnergy p = null;
        for (ProcessEnergy pe : s.processes()) {
            if (pe.pid() == pid && !pe.exited()) {
                p = pe;
                break;
            }
        }
        List<ZoneEnergy> zones = s.zones();
        double cpu = 0;
        double gpu = 0;
        boolean anyCpu = false;
        boolean anyGpu = false;
        Provenance cpuProv = Provenance.UNAVAILABLE;
        Provenance gpuProv = Provenance.UNAVAILABLE;
        for (int z = 0; z < zones.size(); z++) {
            ZoneEnergy ze = zones.get(z);
            if (!ze.primary()) {
                continue;
            }
            Provenance zp = ze.estimated() ? Provenance.ESTIMATED : Provenance.MEASURED;
            double j = p == null ? 0 : p.zoneJoules().get(z);
            if (ze.domain() == Zone.Domain.GPU) {
                anyGpu = true;
                gpu += j;
                gpuProv = gpuProv.and(zp);
            } else {
                anyCpu = true;
                cpu += j;
                cpuProv = cpuProv.and(zp);
            }
        }
        return new Reading(anyCpu ? cpu : Double.NaN, anyGpu ? gpu : Double.NaN, p == null ? 0 : p.cpuTime().toNanos() * 1e-9,
                cpuProv, gpuProv);
    }
}
