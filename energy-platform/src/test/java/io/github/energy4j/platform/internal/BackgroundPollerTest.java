package io.github.energy4j.platform.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.PowerSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackgroundPollerTest {

    private static final long U = PowerSource.UNAVAILABLE;

    @Test
    void shouldReportValueWithinStalenessWindowAndUnavailableAfterIt() throws Exception {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        try (BackgroundPoller p = new BackgroundPoller("t", 2, v -> {
            v[0] = 240_000_000L;
            v[1] = U;
        }, 1_000_000_000L, 3_000_000_000L, clock::get)) {
            long[] out = new long[2];
            assertEquals(2, p.readInto(out));
            assertArrayEquals(new long[] {U, U}, out, "nothing fetched yet");
            assertTrue(p.fetchNow());
            clock.addAndGet(3_000_000_000L);
            p.readInto(out);
            assertArrayEquals(new long[] {240_000_000L, U}, out);
            clock.addAndGet(1);
            p.readInto(out);
            assertArrayEquals(new long[] {U, U}, out, "stale");
            assertTrue(p.lastError().contains("no reading in the last 3000 ms"), p.lastError());
        }
    }

    @Test
    void shouldKeepLastGoodValueWhenALaterFetchFails() throws Exception {
        AtomicLong clock = new AtomicLong();
        long[] next = {100L};
        try (BackgroundPoller p = new BackgroundPoller("t", 1, v -> {
            if (next[0] < 0) {
                throw new java.io.IOException("BMC said no");
            }
            v[0] = next[0];
        }, 1_000L, 10_000L, clock::get)) {
            p.fetchNow();
            next[0] = -1;
            try {
                p.fetchNow();
            } catch (java.io.IOException expected) {
                // the background loop records this as lastError
            }
            long[] out = new long[1];
            p.readInto(out);
            assertEquals(100L, out[0]);
        }
    }

    @Test
    void shouldPublishTheZonesThatWereReadWhenAnotherZoneOfTheSameFetchFails() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (BackgroundPoller p = new BackgroundPoller("t", 2, v -> {
            v[0] = 310_000_000L; // first chassis answered
            throw new java.io.IOException("second chassis: GET timed out");
        }, 1_000L, 10_000L, clock::get)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, p::fetchNow);
            assertTrue(e.getMessage().contains("second chassis"));
            long[] out = new long[2];
            p.readInto(out);
            assertArrayEquals(new long[] {310_000_000L, U}, out, "one dead chassis must not blank the others");
        }
    }

    @Test
    void shouldNotAllocateWhenTheSamplerReadsAfterWarmUp() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (BackgroundPoller p = new BackgroundPoller("t", 2, v -> {
            v[0] = 1L;
            v[1] = 2L;
        }, 1_000_000_000L, 60_000_000_000L, System::nanoTime)) {
            p.fetchNow();
            long[] out = new long[2];
            for (int i = 0; i < 20_000; i++) {
                p.readInto(out);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                p.readInto(out);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertArrayEquals(new long[] {1L, 2L}, out);
            assertTrue(allocated < 1024, allocated + " bytes allocated by 10,000 reads");
        }
    }

    @Test
    void shouldNeverBlockTheReaderWhileAFetchHangsAndInterruptItOnClose() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BackgroundPoller p = new BackgroundPoller("t", 1, v -> {
            entered.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }, 1_000_000L, 1_000_000_000L, System::nanoTime);
        p.start();
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        long[] out = new long[1];
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            p.readInto(out);
        }
        assertTrue(System.nanoTime() - t0 < 100_000_000L, "reads must not wait for the fetch");
        assertEquals(U, out[0]);
        p.close();
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "close interrupts the fetch");
        assertTrue(p.isClosed());
    }

    @Test
    void shouldRecordTheFailureMessageOfTheBackgroundFetch() throws Exception {
        CountDownLatch failed = new CountDownLatch(2);
        try (BackgroundPoller p = new BackgroundPoller("t", 1, v -> {
            failed.countDown();
            throw new java.io.IOException("connection refused");
        }, 1_000_000L, 1_000_000_000L, System::nanoTime)) {
            p.start();
            assertTrue(failed.await(5, TimeUnit.SECONDS));
            assertEquals("connection refused", p.lastError());
        }
    }

    @Test
    void shouldParseDurationsWithUnitsAndRejectNonsense() {
        assertEquals(500, Durations.parse("k", "500ms").toMillis());
        assertEquals(5000, Durations.parse("k", "5s").toMillis());
        assertEquals(1500, Durations.parse("k", "1.5").toMillis());
        assertEquals(120_000, Durations.parse("k", "2m").toMillis());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("redfish.timeout", "soon"));
        assertTrue(e.getMessage().contains("redfish.timeout"));
        assertFalse(e.getMessage().isBlank());
    }
}
