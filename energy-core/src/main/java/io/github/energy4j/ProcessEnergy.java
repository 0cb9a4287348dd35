package io.github.energy4j;

import io.github.energy4j.spi.Workload;
import java.time.Duration;

/**
 * Cumulative energy attributed to one process since it was first seen. Immutable.
 *
 * @param pid            process id
 * @param startTimeTicks start time in clock ticks since boot ({@code /proc/[pid]/stat} field 22); with {@code pid}
 *                       the process identity
 * @param comm           command name from {@code /proc/[pid]/stat}
 * @param workload       its container/pod, or {@link Workload#HOST}
 * @param joules         sum over the primary zones
 * @param zoneJoules     per zone, in the order of {@link EnergySnapshot#zones()}
 * @param cpuTime        CPU time used while observed
 * @param carbonGrams    CO2e of {@code joules}, NaN without a grid intensity
 * @param exited         true when the process has exited (totals are final)
 */
public record ProcessEnergy(int pid, long startTimeTicks, String comm, Workload workload, double joules,
                            ZoneJoules zoneJoules, Duration cpuTime, double carbonGrams, boolean exited) {

    /** Energy since {@code earlier} (same process). */
    public ProcessEnergy minus(ProcessEnergy earlier) {
        return new ProcessEnergy(pid, startTimeTicks, comm, workload, joules - earlier.joules,
                zoneJoules.minus(earlier.zoneJoules), cpuTime.minus(earlier.cpuTime), carbonGrams - earlier.carbonGrams,
                exited);
    }
}
