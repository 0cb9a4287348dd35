package io.github.energy4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU time of virtual threads, estimated from JFR execution samples (Java 21+).
 *
 * <p>The JDK gives no CPU clock for a virtual thread ({@code ThreadMXBean} returns -1) and no hook at mount and
 * unmount, but JFR's {@code jdk.ExecutionSample} reports the virtual thread that was running Java code on a
 * carrier when sampled. Per JFR flush window (about one second) the carriers' CPU time is read exactly and split
 * over the virtual threads by their share of the window's virtual-thread samples: a ratio estimator whose total is
 * exact. A virtual thread that sleeps or blocks is unmounted, is never sampled, and is charged nothing.
 *
 * <p>A registered slice (one thread working for one scope over a time range) is settled once a flush has
 * delivered every sample up to its end; scopes wait for their slices before they report. The recording runs only
 * while slices are registered, and stops after a minute without any. Figures from here are
 * {@link Provenance#ESTIMATED}.
 */
final class VirtualThreadCpu {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreadCpu.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    private static volatile long idleStopNanos = 60_000_000_000L;
    private static final Object LOCK = new Object();

    private static boolean unavailable;
    private static String unavailableReason = "";
    private static Recording recording;

    private VirtualThreadCpu() {
    }

    /** One thread's work for one scope between two {@code System.nanoTime()} points. */
    static final class Slice {
        final long threadId;
        final EnergyScope scope;
        final long from;
        volatile long to = Long.MAX_VALUE;

        Slice(long threadId, EnergyScope scope, long from) {
            this.threadId = threadId;
            this.scope = scope;
            this.from = from;
        }

        long end() {
            return Math.min(to, scope.closedAtNanos());
        }
    }

    /** How long the recording runs without slices before it stops (tests shorten it). */
    static void idleStop(Duration d) {
        idleStopNanos = d.toNanos();
    }

    /** Whether a recording is running now. */
    static boolean recording() {
        synchronized (LOCK) {
            return recording != null;
        }
    }

    static boolean available() {
        synchronized (LOCK) {
            return !unavailable;
        }
    }

    static String unavailableReason() {
        synchronized (LOCK) {
            return unavailableReason;
        }
    }

    /** Registers a slice starting now; null when JFR is not available (the scope then reports unavailable). */
    static Slice open(long threadId, EnergyScope scope, long fromNanos) {
        synchronized (LOCK) {
            if (unavailable) {
                return null;
            }
            if (recording == null) {
                try {
                    recording = new Recording();
                } catch (Throwable e) { // no jdk.jfr module, or JFR disabled in this JVM
                    unavailable = true;
                    unavailableReason = "virtual-thread CPU time needs JFR (module jdk.jfr): " + e;
                    LOG.warn("{}; scopes on virtual threads report their CPU energy as unavailable",
                            unavailableReason);
                    return null;
                }
            }
            Slice s = new Slice(threadId, scope, fromNanos);
            scope.slicePending(1);
            recording.add(s);
            return s;
        }
    }

    static void close(Slice s, long toNanos) {
        s.to = toNanos;
    }

    /**
     * The running JFR stream and the slices it charges; every method under LOCK or on the stream thread.
     *
     * <p>JFR delivers a sample a flush or two after it was taken, so samples are not matched with the carrier
     * time read at the flush that delivers them but bucketed by their own timestamps into the intervals between
     * carrier readings. A bucket is charged once a reading at least {@link #DELIVERY_LAG_NANOS} after its end
     * exists, when every sample inside it has arrived.
     */
    private static final class Recording {
        private static final long DELIVERY_LAG_NANOS = 1_500_000_000L;

        private final jdk.jfr.consumer.RecordingStream stream;
        private final Map<Long, List<Slice>> byThread = new HashMap<>();
        private final List<Slice> all = new ArrayList<>();
        private final Map<Long, Long> carrierCpu = new HashMap<>();
        private final List<Bucket> buckets = new ArrayList<>();
        private final long offsetNanos; // epoch nanoseconds minus System.nanoTime()
        private ThreadGroup carriers;
        private Bucket open;
        private long lastActive = System.nanoTime();
        // carrier CPU of the windows before JFR's first sample arrived (the recording takes a few hundred
        // milliseconds to start sampling): handed to the first window with samples instead of lost
        private boolean sampled;
        private long startupCpu;

        /** Samples taken in (from, to], and the carriers' CPU time over it once it is closed. */
        private static final class Bucket {
            final long from;
            long to = Long.MAX_VALUE;
            long cpu;
            long samples;
            final Map<Slice, long[]> bySlice = new HashMap<>();

            Bucket(long from) {
                this.from = from;
            }
        }

        Recording() {
            Instant now = Instant.now();
            this.offsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
            stream = new jdk.jfr.consumer.RecordingStream();
            stream.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
            stream.setReuse(true);
            stream.setOrdered(false);
            stream.onEvent("jdk.ExecutionSample", this::sample);
            stream.onFlush(this::flush);
            // the stream's own async thread is not a daemon and would keep the JVM alive: run it on ours
            Thread t = new Thread(this::runStream, "energy4j-virtual-thread-cpu");
            t.setDaemon(true);
            t.start();
            // the first slice waits until JFR samples (a few hundred milliseconds, once per recording), so
            // that no work of it runs before the sampler can see it
            awaitSampling();
            carrierCpuDelta(); // baseline
            open = new Bucket(System.nanoTime());
        }

        private static void awaitSampling() {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                    if (r.getState() == jdk.jfr.RecordingState.RUNNING
                            && "true".equals(r.getSettings().get("jdk.ExecutionSample#enabled"))) {
                        return;
                    }
                }
                LockSupport.parkNanos(5_000_000L);
            }
            LOG.debug("JFR recording not running after 3 s; virtual-thread estimates may miss early work");
        }

        private void runStream() {
            try {
                stream.start();
            } catch (RuntimeException e) {
                LOG.debug("JFR stream ended", e);
            }
        }

        void add(Slice s) {
            byThread.computeIfAbsent(s.threadId, k -> new ArrayList<>()).add(s);
            all.add(s);
            lastActive = System.nanoTime();
        }

        private void sample(jdk.jfr.consumer.RecordedEvent e) {
            jdk.jfr.consumer.RecordedThread th = e.getThread("sampledThread");
            // RecordedThread.isVirtual() is Java 21 API; the field is there on every JDK that has virtual threads
            if (th == null || !th.hasField("virtual") || !th.getBoolean("virtual")) {
                return;
            }
            Instant at = e.getStartTime();
            long t = at.getEpochSecond() * 1_000_000_000L + at.getNano() - offsetNanos;
            synchronized (LOCK) {
                if (open == null) {
                    return; // still starting
                }
                Bucket b = bucketOf(t);
                if (b == null) {
                    return; // before the recording's first reading
                }
                b.samples++;
                List<Slice> ss = byThread.get(th.getJavaThreadId());
                if (ss == null) {
                    return;
                }
                for (Slice s : ss) {
                    if (t >= s.from && t <= s.end()) {
                        b.bySlice.computeIfAbsent(s, k -> new long[1])[0]++;
                    }
                }
            }
        }

        private Bucket bucketOf(long t) {
            if (t > open.from) {
                return open;
            }
            for (int i = buckets.size() - 1; i >= 0; i--) {
                Bucket b = buckets.get(i);
                if (t > b.from && t <= b.to) {
                    return b;
                }
            }
            return null;
        }

        private void flush() {
            long cpu = carrierCpuDelta();
            long now = System.nanoTime();
            synchronized (LOCK) {
                if (open == null) {
                    return; // still starting
                }
                open.to = now;
                open.cpu = cpu;
                buckets.add(open);
                open = new Bucket(now);
                // charge the buckets whose samples have all arrived
                long settledUpTo = Long.MIN_VALUE;
                while (!buckets.isEmpty() && buckets.get(0).to + DELIVERY_LAG_NANOS <= now) {
                    Bucket b = buckets.remove(0);
                    settledUpTo = b.to;
                    if (!sampled) {
                        if (b.samples == 0) {
                            startupCpu += b.cpu;
                            continue;
                        }
                        sampled = true;
                        b.cpu += startupCpu;
                    }
                    if (b.samples > 0 && b.cpu > 0) {
                        for (Map.Entry<Slice, long[]> en : b.bySlice.entrySet()) {
                            en.getKey().scope.chargeVirtualCpu((long) ((double) b.cpu * en.getValue()[0] / b.samples));
                        }
                    }
                }
                if (settledUpTo != Long.MIN_VALUE) {
                    settleSlicesEndingBefore(settledUpTo);
                }
                if (all.isEmpty() && now - lastActive > idleStopNanos) {
                    recording = null;
                    stream.close();
                }
            }
        }

        private void settleSlicesEndingBefore(long t) {
            for (int i = all.size() - 1; i >= 0; i--) {
                Slice s = all.get(i);
                if (s.end() <= t) {
                    all.remove(i);
                    List<Slice> ss = byThread.get(s.threadId);
                    ss.remove(s);
                    if (ss.isEmpty()) {
                        byThread.remove(s.threadId);
                    }
                    s.scope.slicePending(-1);
                }
            }
        }

        /** CPU nanoseconds the virtual-thread carriers used since the last call. */
        private long carrierCpuDelta() {
            ThreadGroup g = carriers;
            if (g == null) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if ("jdk.internal.misc.CarrierThread".equals(t.getClass().getName())) {
                        g = t.getThreadGroup();
                        break;
                    }
                }
                if (g == null) {
                    return 0;
                }
                carriers = g;
                carrierCpuSince(g); // baseline: what carriers used before now is no window's
                return 0;
            }
            return carrierCpuSince(g);
        }

        private long carrierCpuSince(ThreadGroup g) {
            Thread[] ts = new Thread[g.activeCount() + 8];
            int n = g.enumerate(ts, false);
            long delta = 0;
            for (int i = 0; i < n; i++) {
                long id = ts[i].getId();
                long c = THREADS.getThreadCpuTime(id);
                if (c < 0) {
                    continue;
                }
                Long last = carrierCpu.put(id, c);
                delta += c - (last == null ? 0 : last);
            }
            return delta;
        }
    }
}
