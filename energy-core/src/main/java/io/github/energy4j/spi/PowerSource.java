package io.github.energy4j.spi;

import java.util.List;

/**
 * An opened power source: a fixed list of zones and a hot {@link #read(long[])}.
 *
 * <p>Threading: {@link #read(long[])} is called by the sampler thread only; {@link #close()} may be
 * called from another thread after the sampler stopped.
 */
public interface PowerSource extends AutoCloseable {

    /** Value written into a zone's slot when that zone could not be read in this sample. */
    long UNAVAILABLE = Long.MIN_VALUE;

    /** Returned by {@link #read(long[])} when the whole source failed this sample (transient). */
    int READ_FAILED = -1;

    /** The provider id that opened this source, e.g. {@code rapl}. */
    String id();

    /** Zones in the order {@link #read(long[])} fills them. Fixed for the life of the source. */
    List<Zone> zones();

    /**
     * Reads every zone once. Fills {@code values[i]} for zone {@code i}: the raw counter value for
     * {@link Zone.Kind#ENERGY_COUNTER} zones, microwatts for {@link Zone.Kind#POWER_GAUGE} zones, or
     * {@link #UNAVAILABLE} for a zone that failed this time.
     *
     * <p>Allocation-free after warm-up; never throws for a read failure.
     *
     * @return the number of zones written, or a negative status such as {@link #READ_FAILED}
     */
    int read(long[] values);

    /**
     * The reason of the last failed zone read, for diagnostics and logging (cold path); empty when the
     * last read succeeded.
     */
    default String lastError() {
        return "";
    }

    /** Releases files, handles and native libraries. Never throws. */
    @Override
    void close();
}
