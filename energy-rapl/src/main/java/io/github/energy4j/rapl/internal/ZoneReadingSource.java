package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.util.List;
import org.slf4j.Logger;

/**
 * What the three RAPL sources (powercap, MSR, perf_event) share: a sample reads every zone in order, a zone that
 * fails reads {@link #UNAVAILABLE} with the reason in {@link #lastError()} and in the log ({@link ReadFailureLog}:
 * WARN once, DEBUG afterwards), {@code lastError} is cleared by a sample in which every zone read, and a closed
 * source answers {@link #READ_FAILED}. Subclasses read one zone. Sampler thread only; {@link #close()} may come from
 * another thread after the sampler stopped. Allocates nothing itself.
 */
abstract class ZoneReadingSource implements PowerSource {

    private final String id;
    private final List<Zone> zones;
    private final ReadFailureLog failures;
    private volatile boolean closed;
    private String lastError = "";

    /** @param counter what fails, as the log line names it ({@code RAPL counter}, {@code RAPL MSR}) */
    ZoneReadingSource(String id, List<Zone> zones, Logger log, String counter) {
        this.id = id;
        this.zones = List.copyOf(zones);
        this.failures = new ReadFailureLog(log, counter);
    }

    /** Zone {@code i}'s raw value, or the result of {@link #failed} when it cannot be read. */
    abstract long readZone(int i);

    /** Releases the descriptors; called once by {@link #close()}. */
    abstract void release();

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<Zone> zones() {
        return zones;
    }

    @Override
    public final int read(long[] values) {
        if (closed) {
            lastError = "source closed";
            return READ_FAILED;
        }
        final int n = zones.size();
        boolean failed = false;
        for (int i = 0; i < n; i++) {
            long v = readZone(i);
            values[i] = v;
            failed |= v == UNAVAILABLE;
        }
        if (!failed) {
            lastError = "";
        }
        return n;
    }

    /**
     * Records a failed read (unless the source was closed meanwhile) and returns {@link #UNAVAILABLE}.
     *
     * @param cause may be null
     */
    final long failed(String why, Throwable cause) {
        if (!closed) {
            lastError = why;
            failures.failed(why, cause);
        }
        return UNAVAILABLE;
    }

    /** Forgets a failure recorded before the first sample (a probe read while opening). */
    final void clearLastError() {
        lastError = "";
    }

    @Override
    public final String lastError() {
        return lastError;
    }

    @Override
    public final void close() {
        closed = true;
        release();
    }
}
