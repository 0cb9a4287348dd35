package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PricePublisherTest {

    @Test
    void shouldKeepTheLastPriceWhenAnIntervalHasNone() {
        PricePublisher p = new PricePublisher();
        double[] out = new double[PricePublisher.SIZE];
        p.read(out);
        assertTrue(Double.isNaN(out[PricePublisher.LAST_PRICE]), "no price before the first interval");
        assertEquals(Double.NEGATIVE_INFINITY, out[PricePublisher.SELF_GPU_ESTIMATED_AT]);
        p.publish(10, 2, 5, 1e-4, 0, false);
        p.publish(10, 2, Double.NaN, 1e-4, 3, true);
        p.read(out);
        assertEquals(5, out[PricePublisher.LAST_PRICE], 0, "an unpriced interval keeps the last price");
        assertEquals(3, out[PricePublisher.SELF_GPU_JOULES], 0);
        assertTrue(out[PricePublisher.SELF_GPU_ESTIMATED_AT] > Double.NEGATIVE_INFINITY, "the credit was stamped");
        assertEquals(10, p.activeJoules(), 0);
        assertEquals(2, p.busySeconds(), 0);
    }

    /** Readers on other threads never see half of one publication and half of another. */
    @Test
    void shouldNeverLetAReaderSeeATornPublication() throws Exception {
        PricePublisher p = new PricePublisher();
        p.publish(0, 0, 0, 0, 0, false);
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        Thread[] readers = new Thread[2];
        long deadline = System.nanoTime() + 300_000_000L;
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                double[] out = new double[PricePublisher.SIZE];
                while (System.nanoTime() < deadline && torn.get() == null) {
                    p.read(out);
                    double k = out[0];
                    if (out[1] != 2 * k || out[2] != 3 * k || out[3] != 4 * k || out[4] != 5 * k) {
                        torn.set(java.util.Arrays.toString(out));
                    }
                    reads.incrementAndGet();
                }
            });
            readers[r].start();
        }
        for (long k = 1; System.nanoTime() < deadline; k++) {
            p.publish(k, 2 * k, 3 * k, 4 * k, 5 * k, false);
        }
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(null, torn.get(), "a torn read");
        assertTrue(reads.get() > 1000, "the readers ran: " + reads.get());
    }
}
