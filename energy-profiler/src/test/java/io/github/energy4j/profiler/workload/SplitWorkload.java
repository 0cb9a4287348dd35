package io.github.energy4j.profiler.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CPU-bound workload with a known split: {@link #heavy} runs three times the iterations of {@link #light}, of the
 * same loop, and the two alternate, so 75 % of the CPU time is in {@code heavy} and 25 % in {@code light} by
 * construction. The CPU time of one pair of calls in 64 is also measured on the thread's own clock and printed, to
 * compare with.
 *
 * <pre>
 * java SplitWorkload [--threads N] [--warmup SECONDS] [--seconds SECONDS] [--virtual] [--await-profiler]
 * </pre>
 *
 * {@code --await-profiler} waits (at most 30 s) until a JFR recording runs before it starts, so that a profiler
 * started in {@code premain} on a thread of its own (JFR takes from half a second to a few seconds to start) sees
 * the whole workload.
 *
 * Prints one line at the end: {@code ops=<heavy+light pairs completed in the measured seconds> seconds=<measured>
 * heavyCpuNanos=<..> lightCpuNanos=<..> processCpuNanos=<..> workerCpuNanos=<..>}: the CPU times of the timed pairs
 * (0 on virtual threads, which have no clock), the process's CPU time over the measured seconds and the workers'
 * part of it.
 */
public final class SplitWorkload {

    /** Iterations of the loop in {@link #light}; about a millisecond. */
    static final int UNIT = 1_000_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static volatile long sink;

    private SplitWorkload() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        double warmup = 0;
        double seconds = 5;
        boolean virtual = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--warmup":
                    warmup = Double.parseDouble(args[++i]);
                    break;
                case "--seconds":
                    seconds = Double.parseDouble(args[++i]);
                    break;
                case "--virtual":
                    virtual = true;
                    break;
                case "--await-profiler":
                    awaitRecording();
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        AtomicLong ops = new AtomicLong();
        AtomicLong heavyCpu = new AtomicLong();
        AtomicLong lightCpu = new AtomicLong();
        AtomicLong workerCpu = new AtomicLong();
        long[] processCpu = new long[2];
        Thread meter = new Thread(() -> {
            processCpu[0] = processCpuAt(measureFrom);
            processCpu[1] = processCpuAt(end);
        }, "split-meter");
        meter.start();
        ExecutorService pool = virtual
                ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
                : Executors.newFixedThreadPool(threads, r -> new Thread(r, "split-worker"));
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 0x9E3779B97F4A7C15L * (t + 1);
            fs.add(pool.submit(() -> work(seed, measureFrom, end, ops, heavyCpu, lightCpu, workerCpu)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        meter.join();
        System.out.println("ops=" + ops.get() + " seconds=" + seconds + " heavyCpuNanos=" + heavyCpu.get()
                + " lightCpuNanos=" + lightCpu.get() + " processCpuNanos=" + (processCpu[1] - processCpu[0])
                + " workerCpuNanos=" + workerCpu.get());
    }

    /** The process's CPU time read at {@code nanoTime} (or now, if that is past). */
    private static long processCpuAt(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void awaitRecording() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            // isInitialized() does not start JFR itself
            if (jdk.jfr.FlightRecorder.isInitialized()) {
                for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                    if (r.getState() == jdk.jfr.RecordingState.RUNNING) {
                        Thread.sleep(200); // the profiler reads its baselines right after JFR samples
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no JFR recording started within 30 s: is the profiler attached?");
    }

    static void work(long seed, long measureFrom, long end, AtomicLong ops, AtomicLong heavyCpu, AtomicLong lightCpu,
                     AtomicLong workerCpu) {
        long x = seed;
        long windowCpu = -1;
        long heavyNanos = 0;
        long lightNanos = 0;
        long done = 0;
        long pairs = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            // one pair in 64 is timed: with a clock read (a system call) around every call, JFR sampled heavy
            // 3 to 8 points above its CPU share on a loaded machine
            boolean timed = (pairs++ & 63) == 0;
            long c0 = timed ? THREADS.getCurrentThreadCpuTime() : -1;
            x = heavy(x);
            long c1 = timed ? THREADS.getCurrentThreadCpuTime() : -1;
            x = light(x);
            long c2 = timed ? THREADS.getCurrentThreadCpuTime() : -1;
            if (c0 >= 0) {
                heavyNanos += c1 - c0;
                lightNanos += c2 - c1;
            }
            if (now >= measureFrom) {
                if (windowCpu == -1) {
                    windowCpu = THREADS.getCurrentThreadCpuTime();
                }
                done++;
            }
        }
        if (windowCpu >= 0) {
            workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - windowCpu);
        }
        sink = x;
        ops.addAndGet(done);
        heavyCpu.addAndGet(heavyNanos);
        lightCpu.addAndGet(lightNanos);
    }

    /** Three units of the loop. */
    static long heavy(long seed) {
        long x = seed;
        for (int i = 0; i < 3 * UNIT; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** One unit of the loop. */
    static long light(long seed) {
        long x = seed;
        for (int i = 0; i < UNIT; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
