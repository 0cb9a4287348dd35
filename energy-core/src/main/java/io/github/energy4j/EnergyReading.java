package io.github.energy4j;

import java.time.Duration;

/**
 * The energy of one finished {@link EnergyScope} or {@link EnergyMeter#measure} call.
 *
 * @param name        the scope name
 * @param joules      CPU energy of the calling thread's CPU time, priced at the node's measured
 *                    (or estimated) active joules per CPU-second over the scope's span
 * @param gpuJoules   this process's GPU energy during the span (0 without GPUs)
 * @param cpuTime     CPU time of the thread inside the scope
 * @param elapsed     wall-clock duration of the scope
 * @param source      measured, estimated, or unavailable (no price could be established)
 * @param carbonGrams CO2e of {@code joules + gpuJoules}, NaN without a grid intensity
 * @param gpuSource   {@code MEASURED} when {@code gpuJoules} is this process's attributed share,
 *                    {@code ESTIMATED} when part of it was credited because this process runs in another
 *                    pid namespace than the GPU driver reports (see {@link EnergyScope})
 */
public record EnergyReading(String name, double joules, double gpuJoules, Duration cpuTime, Duration elapsed,
                            Provenance source, double carbonGrams, Provenance gpuSource) {

    /** A reading whose GPU figure is measured (the form before {@code gpuSource} existed). */
    public EnergyReading(String name, double joules, double gpuJoules, Duration cpuTime, Duration elapsed,
                         Provenance source, double carbonGrams) {
        this(name, joules, gpuJoules, cpuTime, elapsed, source, carbonGrams, Provenance.MEASURED);
    }

    /** CPU plus GPU joules. */
    public double totalJoules() {
        return joules + gpuJoules;
    }
}
