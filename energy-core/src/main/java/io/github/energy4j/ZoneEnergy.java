package io.github.energy4j;

import io.github.energy4j.spi.Zone;

/**
 * Cumulative energy of one zone since the meter started.
 *
 * <p>{@code joules = idleJoules + activeJoules} and
 * {@code activeJoules = sum(process joules of this zone) + unattributedJoules}.
 *
 * @param name               zone name ({@code package-0}, {@code gpu-1}, {@code cpu-model}, ...)
 * @param index              socket or device index
 * @param domain             what the zone measures
 * @param source             provider id that produced it ({@code rapl}, {@code nvml}, {@code model})
 * @param estimated          true when the figure is a model estimate
 * @param primary            whether it is part of the non-overlapping set summed into process totals
 * @param joules             total energy
 * @param activeJoules       energy above idle
 * @param idleJoules         idle energy by the idle policy
 * @param unattributedJoules active energy no visible process accounts for (IRQ, steal, exited processes)
 * @param watts              power over the last interval, NaN before two readings
 * @param carbonGrams        CO2e of {@code joules} (PUE included), NaN without a grid intensity
 * @param status             empty when the last read worked, otherwise why it failed
 */
public record ZoneEnergy(String name, int index, Zone.Domain domain, String source, boolean estimated, boolean primary,
                         double joules, double activeJoules, double idleJoules, double unattributedJoules,
                         double watts, double carbonGrams, String status) {

    /** This zone's energy accumulated since {@code earlier} (same zone). */
    public ZoneEnergy minus(ZoneEnergy earlier) {
        return new ZoneEnergy(name, index, domain, source, estimated, primary, joules - earlier.joules,
                activeJoules - earlier.activeJoules, idleJoules - earlier.idleJoules,
                unattributedJoules - earlier.unattributedJoules, watts, carbonGrams - earlier.carbonGrams, status);
    }
}
