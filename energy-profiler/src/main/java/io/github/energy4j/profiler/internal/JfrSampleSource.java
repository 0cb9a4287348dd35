package io.github.energy4j.profiler.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Reads the JVM's own stack samples: a JFR {@link RecordingStream} of {@code jdk.ExecutionSample} (threads running
 * Java code) and, optionally, {@code jdk.NativeMethodSample} (threads in native code), at the sampling interval.
 * Each sample's stack becomes a call-tree node and is recorded with its thread and timestamp into the collector.
 * Samples of the profiler's own threads and of JFR's are not recorded (their CPU time is the profiler's cost).
 *
 * <p>The stream runs on a daemon thread of ours: its own asynchronous thread is not a daemon and would keep the JVM
 * alive. JFR delivers samples at each flush (about once a second); since JFR's sampler writes its samples in the
 * order it takes them, a sample delivered at a flush means every earlier one was delivered too, which is what
 * {@link SampleCollector#settleDelivered} relies on.
 */
final class JfrSampleSource implements AutoCloseable {

    private static final MethodHandle STOP = stopHandle();

    private final RecordingStream stream;
    private final SampleCollector collector;
    private final StackInterner interner = new StackInterner();
    private final Thread thread;
    private volatile long flushes;
    private volatile boolean ended;

    /**
     * Starts the stream and waits (at most 5 s) until JFR samples.
     *
     * @throws IllegalStateException when JFR cannot record in this JVM (a runtime without the jdk.jfr module, or
     *                               JFR disabled), with what to do
     */
    JfrSampleSource(Duration interval, boolean nativeSamples, SampleCollector collector) {
        this.collector = collector;
        try {
            stream = new RecordingStream();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("JFR cannot record in this JVM (" + e + "); the profiler needs a JDK or "
                    + "JRE with the jdk.jfr module and without -XX:-FlightRecorder", e);
        }
        stream.enable("jdk.ExecutionSample").withPeriod(interval);
        if (nativeSamples) {
            stream.enable("jdk.NativeMethodSample").withPeriod(interval);
        }
        stream.setReuse(true);
        stream.setOrdered(false);
        stream.onEvent("jdk.ExecutionSample", e -> sample(e, (byte) 0));
        stream.onEvent("jdk.NativeMethodSample", e -> sample(e, Window.NATIVE));
        stream.onFlush(this::flushed);
        stream.onClose(() -> ended = true);
        thread = new Thread(this::run, "energy4j-profiler-jfr");
        thread.setDaemon(true);
        thread.start();
        awaitSampling();
    }

    private void run() {
        try {
            stream.start();
        } catch (RuntimeException e) {
            // closed under us (JVM shutdown, or close()): the samples so far are what there is
        } finally {
            ended = true;
        }
    }

    private void sample(RecordedEvent e, byte flags) {
        RecordedThread th = e.getThread("sampledThread");
        if (th == null) {
            return;
        }
        String name = th.getJavaName();
        if (name != null && (name.startsWith("energy4j-profiler") || name.startsWith("JFR "))) {
            return;
        }
        // RecordedThread.isVirtual() is Java 21 API; the field exists on every JDK that has virtual threads
        byte f = th.hasField("virtual") && th.getBoolean("virtual") ? (byte) (flags | Window.VIRTUAL) : flags;
        Instant at = e.getStartTime();
        long t = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        long id = th.getJavaThreadId();
        synchronized (collector) {
            int leaf = interner.leaf(e.getStackTrace(), collector.tree());
            collector.record(t, id, f, leaf);
        }
    }

    private void flushed() {
        collector.delivered();
        flushes++;
    }

    /** Flushes delivered so far. */
    long flushes() {
        return flushes;
    }

    /** Whether the stream has ended (closed, or JFR stopped it at JVM shutdown). */
    boolean ended() {
        return ended;
    }

    /**
     * Waits until every sample taken before now has been delivered, at most {@code timeout}: on Java 20 and later
     * by stopping the stream, which waits for its events; before, until a sample taken after now has been
     * delivered, or two flushes have, or the stream ended.
     */
    void drain(long nowNanos, Duration timeout) {
        if (STOP != null && !ended) {
            try {
                STOP.invoke(stream);
                collector.delivered();
                return;
            } catch (Throwable e) {
                // already stopped or closing: wait as below
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = flushes;
        while (!ended && flushes < start + 2 && !collector.deliveredPast(nowNanos)
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    private static void awaitSampling() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (jdk.jfr.Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                if (r.getState() == RecordingState.RUNNING
                        && "true".equals(r.getSettings().get("jdk.ExecutionSample#enabled"))) {
                    return;
                }
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    private static MethodHandle stopHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(RecordingStream.class, "stop",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // Java 17 to 19: no stop(), drain() waits for flushes instead
        }
    }
}
