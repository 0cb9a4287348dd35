package io.github.energy4j.spi;

/**
 * Optional interface of a {@link PowerSource} whose zones are not used in proportion to CPU time
 * (GPUs): the source tells the engine how the active energy of a zone splits across processes.
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
}
