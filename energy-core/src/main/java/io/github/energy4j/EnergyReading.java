package io.github.energy4j;

import java.time.Duration;

/**
 * The energy of one finished {@link EnergyScope} or {@link EnergyMeter#measure} call.
 *
 * @param name        the scope name
 * @param cpuJoules   CPU energy of the scope's CPU time, priced at the node's measured (or estimated) active
 *                    joules per CPU-second over the scope's span; NaN when unavailable
 * @param gpuJoules   this process's GPU energy during the span (0 without GPUs)
 * @param cpuTime     CPU time of the thread inside the scope
 * @param elapsed     wall-clock duration of the scope
 * @param source      measured, estimated, or unavailable (no price could be established)
 * @param carbonGrams CO2e of {@link #joules()}, NaN without a grid intensity
 * @param gpuSource   {@code MEASURED} when {@code gpuJoules} is this process's attributed share,
 *                    {@code ESTIMATED} when part of it was credited because this process runs in another
 *                    pid namespace than the GPU driver reports (see {@link EnergyScope})
 */
public record EnergyReading(String name, double cpuJoules, double gpuJoules, Duration cpuTime, Duration elapsed,
                            Provenance source, double carbonGrams, Provenance gpuSource) {

    /** CPU plus GPU joules: the scope's energy (NaN when the CPU part is unavailable). */
    public double joules() {
        return cpuJoules + gpuJoules;
    }
}
