package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Readers racing one writer only ever see whole writes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeqLockTest {

    private final SeqLock lock = new SeqLock();
    // a state is consistent when b == -a and c == a * 3: a torn copy mixes two writes
    private long a;
    private long b;
    private long c;

    @Test
    void shouldNeverHandAReaderATornState() throws Exception {
        int writes = 2_000_000;
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong lastSeen = new AtomicLong();
        Thread[] readers = new Thread[2];
        Thread writer = new Thread(() -> {
            for (long i = 1; i <= writes; i++) {
                long s = lock.beginWrite();
                a = i;
                b = -i;
                c = i * 3;
                lock.endWrite(s);
            }
        });
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                long previous = 0;
                while (previous < writes && torn.get() == null) {
                    long s;
                    long x;
                    long y;
                    long z;
                    do {
                        s = lock.beginRead();
                        x = a;
                        y = b;
                        z = c;
                    } while (!lock.validate(s));
                    if (y != -x || z != x * 3 || x < previous) {
                        torn.compareAndSet(null, x + " " + y + " " + z + " after " + previous);
                    }
                    previous = x;
                    reads.incrementAndGet();
                }
                lastSeen.accumulateAndGet(previous, Math::max);
            });
        }
        for (Thread t : readers) {
            t.start();
        }
        writer.start();
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(null, torn.get(), "a reader saw a torn or older state");
        assertEquals(writes, lastSeen.get(), "the readers saw the last write");
        assertTrue(reads.get() > readers.length, "the readers read while the writer wrote: " + reads.get());
    }

    @Test
    void shouldStartEvenAndMoveByTwoPerWrite() {
        long s0 = lock.beginRead();
        long w = lock.beginWrite();
        lock.endWrite(w);
        assertTrue(!lock.validate(s0), "a write in between invalidates a copy");
        long s1 = lock.beginRead();
        assertEquals(s0 + 2, s1);
        assertTrue(lock.validate(s1));
    }
}
