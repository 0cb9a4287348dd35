package io.github.energy4j.jmh.internal;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's energy over one measurement iteration: its CPU time priced at the node's active joules per busy
 * CPU-second, interval by interval (idle energy is not the benchmark's). Immutable.
 *
 * @param joules     this process's energy over the primary zones, NaN when unknown
 * @param seconds    wall time between the two samples
 * @param ops        operations of the iteration as JMH counts them ({@code IterationResultMetaData.getAllOps()})
 * @param provenance measured, estimated, or unavailable (then {@code joules} is NaN)
 * @param zones      the primary zones that priced it, as {@code source:zone[,zone]} joined by {@code +};
 *                   empty when unavailable
 * @param problem    why {@code joules} is NaN, empty otherwise
 */
public record IterationEnergy(double joules, double seconds, long ops, Provenance provenance, String zones,
                              String problem) {

    /**
     * The energy of process {@code pid} between two marks of one meter.
     *
     * @param start the mark taken before the iteration
     * @param end   the mark taken after it
     * @param ops   the iteration's operations
     * @param pid   this JVM's process id
     */
    public static IterationEnergy between(Mark start, Mark end, long ops, long pid) {
        double seconds = (end.nanoTime() - start.nanoTime()) * 1e-9;
        if (start.snapshot() == null || end.snapshot() == null) {
            String why = start.snapshot() == null ? start.problem() : end.problem();
            return unavailable(seconds, ops, why);
        }
        if (end.failedReadingsAfter() > start.failedReadingsBefore()) {
            return unavailable(seconds, ops, "a zone could not be read during the iteration, so part of its energy "
                    + "belongs to another one" + zoneStatus(end.snapshot()) + " (run 'energy4j doctor')");
        }
        EnergySnapshot window = end.snapshot().since(start.snapshot());
        Provenance provenance = window.provenance();
        if (provenance == Provenance.UNAVAILABLE) {
            return unavailable(seconds, ops, "no source prices CPU energy on this host (run 'energy4j doctor')");
        }
        ProcessEnergy self = null;
        for (ProcessEnergy p : window.processes()) {
            if (p.pid() == pid && !p.exited()) {
                self = p;
            }
        }
        if (self == null || Double.isNaN(self.joules())) {
            return unavailable(seconds, ops, "this JVM (pid " + pid + ") is not in the proc root the meter reads");
        }
        return new IterationEnergy(self.joules(), seconds, ops, provenance, primaryZones(window), "");
    }

    private static IterationEnergy unavailable(double seconds, long ops, String problem) {
        return new IterationEnergy(Double.NaN, seconds, ops, Provenance.UNAVAILABLE, "", problem);
    }

    /** Joules per operation; NaN when the energy is unknown or the iteration counted no operation. */
    public double joulesPerOp() {
        return ops > 0 ? joules / ops : Double.NaN;
    }

    /** Average power of this JVM over the iteration; NaN when the energy is unknown. */
    public double watts() {
        return seconds > 0 ? joules / seconds : Double.NaN;
    }

    /**
     * What the energy is and where it comes from, for a result label: {@code measured(rapl:package-0,dram-0)},
     * {@code estimated(model:cpu-model)}, or {@code unavailable}.
     */
    public String provenanceTag() {
        return zones.isEmpty() ? provenance.toString() : provenance + "(" + zones + ")";
    }

    private static String primaryZones(EnergySnapshot window) {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (ZoneEnergy z : window.zones()) {
            if (z.primary()) {
                bySource.computeIfAbsent(z.source(), s -> new ArrayList<>()).add(z.name());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
            if (sb.length() > 0) {
                sb.append('+');
            }
            sb.append(e.getKey()).append(':').append(String.join(",", e.getValue()));
        }
        return sb.toString();
    }

    private static String zoneStatus(EnergySnapshot s) {
        for (ZoneEnergy z : s.zones()) {
            if (z.primary() && !z.status().isEmpty()) {
                return ": " + z.source() + ":" + z.name() + " " + z.status();
            }
        }
        return "";
    }
}
