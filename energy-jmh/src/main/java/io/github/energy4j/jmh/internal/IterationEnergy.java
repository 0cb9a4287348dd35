package io.github.energy4j.jmh.internal;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.procfs.ClockTicks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** Iterations shorter than this many clock ticks get a note: process CPU time has tick resolution. */
    private static final int SHORT_ITERATION_TICKS = 10;

    /**
     * Something the user should know about a figure.
     *
     * @param kind the same for every note of one cause, so that a fork says it once
     * @param text what happened and what to do
     */
    public record Note(String kind, String text) {
    }

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
            return unavailable(seconds, ops, "a zone could not be read at or during the iteration, so its energy "
                    + "cannot be placed in it" + zoneStatus(end.snapshot()) + " (run 'energy4j doctor')");
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
            return unavailable(seconds, ops, "this JVM (pid " + pid + ") is not in the proc root the meter reads; "
                    + "run the benchmark where /proc is this JVM's own (not a host /proc mounted in a container)");
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
     * Why this figure is NaN, or why it may mislead: a CPU-time clock too coarse for the iteration, or a window
     * much longer than the measurement and its last operation, because set-up and tear-down ran inside it.
     *
     * @param timed        whether the iteration lasts a set time (every mode but single-shot)
     * @param plannedNanos the iteration's set time
     * @return the notes, empty when the figure needs none
     */
    public List<Note> notes(boolean timed, long plannedNanos) {
        if (!problem.isEmpty()) {
            return List.of(new Note(problem, "no energy figure for this iteration (NaN): " + problem));
        }
        List<Note> notes = new ArrayList<>(2);
        double tickSeconds = 1.0 / ClockTicks.perSecond();
        if (seconds < SHORT_ITERATION_TICKS * tickSeconds) {
            notes.add(new Note("short", String.format(Locale.ROOT, "measurement iterations of %.1f ms are short next "
                    + "to the CPU-time resolution of %.0f ms, so J/op is noisy: use longer iterations, or a larger "
                    + "batch in single-shot mode", seconds * 1e3, tickSeconds * 1e3)));
        }
        // a timed iteration ends with the operation running when its time is up, so it may last one more
        // operation than planned; set-up and tear-down are what can make it last much longer
        double planned = plannedNanos * 1e-9;
        double lastOp = ops > 0 ? seconds / ops : 0;
        if (timed && seconds > 1.5 * (planned + lastOp) + 0.1) {
            notes.add(new Note("long", String.format(Locale.ROOT, "an iteration's energy window lasted %.1f s for "
                    + "%.1f s of measurement: the iteration's and the trial's @Setup and @TearDown ran inside it, "
                    + "and their energy is charged to its operations (as with -prof gc)", seconds, planned)));
        }
        return notes;
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
