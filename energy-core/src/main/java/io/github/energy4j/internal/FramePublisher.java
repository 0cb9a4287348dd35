package io.github.energy4j.internal;

/**
 * The figures of the last tick, for readers that must not wait for the next one: the tick captures its state
 * into one {@link FrameData} at its end, under a {@link SeqLock} (the writers hold the sampler's lock, so there is
 * one at a time), and readers copy it out optimistically, retrying when the sequence moved. A
 * capture is a copy of primitive arrays (tens of microseconds at 10,000 processes), so a reader never waits for
 * a slow source read the way it would behind the tick's lock. Neither side allocates after warm-up.
 */
final class FramePublisher {

    private final FrameData frame = new FrameData();
    private final SeqLock lock = new SeqLock();

    /** Captures the sampler's state (the caller holds the sampler's lock). */
    void publish(Sampler smp) {
        long s = lock.beginWrite();
        try {
            frame.capture(smp);
        } finally {
            lock.endWrite(s);
        }
    }

    /** Copies the self-metrics of the last published frame into {@code out}; any thread. */
    void readStats(long[] out) {
        long s;
        do {
            s = lock.beginRead();
            System.arraycopy(frame.stats, 0, out, 0, FrameData.STATS);
        } while (!lock.validate(s));
    }

    /** Copies the last published frame into {@code out}; any thread. */
    void read(FrameData out) {
        while (true) {
            long s = lock.beginRead();
            RuntimeException torn = null;
            try {
                out.copyFrom(frame);
            } catch (RuntimeException e) {
                torn = e; // a copy that raced a capture growing the arrays, unless the sequence did not move
            }
            if (lock.validate(s)) {
                if (torn != null) {
                    throw torn;
                }
                return;
            }
        }
    }
}
