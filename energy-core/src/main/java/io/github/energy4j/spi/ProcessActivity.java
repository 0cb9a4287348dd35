package io.github.energy4j.spi;

/**
 * Optional interface of a {@link PowerSource} whose zones are not used in proportion to CPU time
 * (GPUs): the source tells the engine how the active energy of a zone splits across processes.
 *
 * <p>Zones of such a source learn a {@code min-observed} idle power only from intervals in which
 * {@link #readActivity} reported no process (0 entries), so a device that is busy from the start does
 * not take its busy power for idle. While a zone has never reported its activity (always negative),
 * it learns from every interval like a CPU zone.
 *
 * <p>Sampler thread only; allocation-free after warm-up.
 */
public interface ProcessActivity {

    /**
     * Fills per-process activity weights of zone {@code zoneIndex} for the interval that ended with
     * the last {@link PowerSource#read(long[])}. Weights are non-negative and relative (e.g. SM
     * utilisation percent times seconds); their sum need not be 1.
     *
     * @param zoneIndex index into {@link PowerSource#zones()}
     * @param pids      filled with host process ids
     * @param weights   filled with the weight of the process at the same position
     * @return number of entries written (at most {@code pids.length}); 0 when no process used the zone;
     *         a negative value when the split is unknown and the engine should use CPU time instead
     */
    int readActivity(int zoneIndex, int[] pids, double[] weights);

    /**
     * Whether this process may itself run work on zone {@code zoneIndex} (for GPUs: the device is in
     * {@code CUDA_VISIBLE_DEVICES} and {@code NVIDIA_VISIBLE_DEVICES}, or they are unset). Only such
     * zones take part in the estimate for this process when it runs in another pid namespace than the
     * one the source reports pids in (see {@link io.github.energy4j.EnergyScope#gpuSource()}). Called
     * once, when the meter starts.
     *
     * @return false by default: no estimate for this process
     */
    default boolean usableByThisProcess(int zoneIndex) {
        return false;
    }
}
