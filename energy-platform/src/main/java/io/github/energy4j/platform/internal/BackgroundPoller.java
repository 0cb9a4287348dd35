package io.github.energy4j.platform.internal;

import io.github.energy4j.spi.PowerSource;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches slow readings on a daemon thread and hands the sampler the last fresh value per zone.
 *
 * <p>The fetch (a subprocess or an HTTPS request, each with its own timeout) never runs on the
 * sampler thread; {@link #readInto(long[])} only copies from two {@link AtomicLongArray}s, so it is
 * allocation-free and never blocks. A zone whose last successful fetch is older than the staleness
 * window reads as {@link PowerSource#UNAVAILABLE}.
 *
 * <p>Threading: one fetch thread (the writer); {@link #readInto(long[])} from the sampler thread.
 */
public final class BackgroundPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPoller.class);

    /** Fills one microwatt value per zone ({@link PowerSource#UNAVAILABLE} for a zone it could not read). */
    @FunctionalInterface
    public interface Fetch {
        void fetch(long[] microwatts) throws Exception;
    }

    private final String name;
    private final Fetch fetch;
    private final long intervalNanos;
    private final long staleNanos;
    private final LongSupplier clock;
    private final AtomicLongArray values;
    private final AtomicLongArray fetchedAtNanos;
    private final long[] scratch;
    private volatile String lastError = "";
    private volatile boolean closed;
    private boolean warned;
    private Thread thread;

    /**
     * @param name          thread name and log prefix, e.g. {@code energy4j-ipmi}
     * @param zones         number of zones
     * @param fetch         the slow fetch; bounded by its own timeout
     * @param intervalNanos time between the starts of two fetches
     * @param staleNanos    age after which a value is no longer reported
     * @param clock         monotonic nanoseconds ({@code System::nanoTime})
     */
    public BackgroundPoller(String name, int zones, Fetch fetch, long intervalNanos, long staleNanos,
                            LongSupplier clock) {
        if (intervalNanos <= 0 || staleNanos <= 0) {
            throw new IllegalArgumentException(name + ": interval and staleness must be > 0");
        }
        this.name = name;
        this.fetch = fetch;
        this.intervalNanos = intervalNanos;
        this.staleNanos = staleNanos;
        this.clock = clock;
        this.values = new AtomicLongArray(zones);
        this.fetchedAtNanos = new AtomicLongArray(zones);
        this.scratch = new long[zones];
        for (int i = 0; i < zones; i++) {
            values.set(i, PowerSource.UNAVAILABLE);
        }
    }

    /**
     * Runs one fetch on the calling thread (used by {@code open()} so that the first sample has a
     * value and a broken configuration fails loudly).
     *
     * <p>Zones the fetch filled are published even when it then fails: with several chassis, one that
     * does not answer must not blank the readings of the others.
     *
     * @return true when at least one zone was read
     * @throws Exception the fetch's failure
     */
    public boolean fetchNow() throws Exception {
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = PowerSource.UNAVAILABLE;
        }
        boolean any;
        try {
            fetch.fetch(scratch);
        } finally {
            any = publish();
        }
        return any;
    }

    /** Stores the zones the fetch filled; true when there was any. */
    private boolean publish() {
        long now = clock.getAsLong();
        boolean any = false;
        for (int i = 0; i < scratch.length; i++) {
            if (scratch[i] != PowerSource.UNAVAILABLE) {
                values.set(i, scratch[i]);
                fetchedAtNanos.set(i, now);
                any = true;
            }
        }
        return any;
    }

    /** Starts the daemon fetch thread. Call once. */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            long started = clock.getAsLong();
            try {
                if (fetchNow()) {
                    lastError = "";
                } else {
                    recordFailure("no zone returned a reading");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                recordFailure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            long sleepNanos = intervalNanos - (clock.getAsLong() - started);
            if (sleepNanos > 0) {
                try {
                    Thread.sleep(sleepNanos / 1_000_000L, (int) (sleepNanos % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void recordFailure(String message) {
        lastError = message;
        if (!warned) {
            warned = true;
            LOG.warn("{}: reading failed, will retry: {}", name, message);
        } else {
            LOG.debug("{}: reading failed: {}", name, message);
        }
    }

    /**
     * Copies the last fresh value of every zone into {@code microwatts}; stale or never-read zones
     * get {@link PowerSource#UNAVAILABLE}. Allocation-free; never blocks.
     *
     * @return the number of zones written
     */
    public int readInto(long[] microwatts) {
        final int n = Math.min(microwatts.length, values.length());
        final long now = clock.getAsLong();
        for (int i = 0; i < n; i++) {
            long v = values.get(i);
            microwatts[i] = v != PowerSource.UNAVAILABLE && now - fetchedAtNanos.get(i) <= staleNanos
                    ? v : PowerSource.UNAVAILABLE;
        }
        return n;
    }

    /**
     * The last fetch failure; when the last fetch succeeded but a zone has no fresh value (a query
     * slower than the staleness window is still running), says so; empty otherwise. Cold path.
     */
    public String lastError() {
        String e = lastError;
        if (!e.isEmpty()) {
            return e;
        }
        final long now = clock.getAsLong();
        for (int i = 0; i < values.length(); i++) {
            if (values.get(i) == PowerSource.UNAVAILABLE || now - fetchedAtNanos.get(i) > staleNanos) {
                return "no reading in the last " + staleNanos / 1_000_000L
                        + " ms (a query is still running or returned nothing for this zone)";
            }
        }
        return "";
    }

    /** Stops the fetch thread (interrupting a running fetch, which kills its subprocess). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }
}
