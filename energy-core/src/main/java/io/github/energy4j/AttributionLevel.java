package io.github.energy4j;

import java.util.Locale;

/** What a meter splits each zone's active energy over (see {@link EnergyMeter.Builder#processLevel(boolean)}). */
public enum AttributionLevel {

    /** Every process's CPU time is read ({@code /proc/[pid]/stat}); processes, containers and pods all get energy. */
    PROCESS,

    /**
     * One CPU counter per container is read instead of one per process; containers and pods get energy, processes
     * outside containers fall into the unattributed energy.
     */
    CONTAINER;

    /** {@code process} or {@code container}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
