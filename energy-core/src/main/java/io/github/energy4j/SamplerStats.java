package io.github.energy4j;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The meter's view of itself, for health checks and self-monitoring ({@link EnergyMeter#stats()}): how many
 * samples it took and how long the last one took, and every kind of trouble it met and survived, counted since it
 * started. Exporters publish these as series (the agent's {@code energy4j_*} self-metrics).
 *
 * @param ticks                   samples taken
 * @param lastTick                duration of the last sample
 * @param sourceErrors            samples in which a power source could not read a zone
 * @param procfsErrors            samples in which {@code /proc} could not be read
 * @param processesTracked        processes currently known
 * @param processesVanished       processes that exited between listing and reading
 * @param procfsListings          listings of the {@code /proc} directory
 * @param workloadsTracked        workloads (containers, pods) currently known
 * @param workloadCpuErrors       samples in which per-container CPU counters could not be read
 * @param processesMalformed      {@code /proc/[pid]/stat} files that could not be parsed
 * @param counterWraps            energy-counter wraps undone, over all zones
 * @param counterResets           backward or impossible counter jumps that started a new baseline
 * @param zoneReadingsUnavailable zone readings that were unavailable
 */
public record SamplerStats(long ticks, Duration lastTick, long sourceErrors, long procfsErrors, long processesTracked,
                           long processesVanished, long procfsListings, long workloadsTracked, long workloadCpuErrors,
                           long processesMalformed, long counterWraps, long counterResets,
                           long zoneReadingsUnavailable) {

    /**
     * The figures by name ({@code ticks}, {@code lastTickSeconds}, {@code sourceErrors}, ...), in a fixed order: the
     * names the agent's self-metric series are derived from.
     */
    public Map<String, Number> asMap() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("ticks", ticks);
        m.put("lastTickSeconds", lastTick.toNanos() * 1e-9);
        m.put("sourceErrors", sourceErrors);
        m.put("procfsErrors", procfsErrors);
        m.put("processesTracked", processesTracked);
        m.put("processesVanished", processesVanished);
        m.put("procfsListings", procfsListings);
        m.put("workloadsTracked", workloadsTracked);
        m.put("workloadCpuErrors", workloadCpuErrors);
        m.put("processesMalformed", processesMalformed);
        m.put("counterWraps", counterWraps);
        m.put("counterResets", counterResets);
        m.put("zoneReadingsUnavailable", zoneReadingsUnavailable);
        return m;
    }
}
