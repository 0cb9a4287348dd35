package io.github.energy4j.profiler.internal;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.Provenance;
import io.github.energy4j.profiler.internal.report.EnergyProfile;
import io.github.energy4j.profiler.internal.report.ProfileFiles;
import io.github.energy4j.profiler.internal.report.ProfileSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One profile of this JVM, from {@link #start} to {@link #finish}: a self-only {@link EnergyMeter} sampled once per
 * window, the threads' CPU clocks read at the same instant, JFR's stack samples streamed into a
 * {@link SampleCollector}, and at the end the four output files.
 *
 * <p>The profile ends after the configured duration, or at JVM shutdown (a shutdown hook), whichever comes first;
 * either way the last window is closed, the samples JFR still holds are waited for (at most 3 s), and the files are
 * written. One session per JVM at a time. Thread-safe.
 */
public final class ProfilerSession {

    private static final Object ACTIVE_LOCK = new Object();
    private static ProfilerSession active;

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);

    private final ProfilerOptions options;
    private final PrintStream log;
    private final EnergyMeter meter;
    private final ProcessEnergyReader energy;
    private final ThreadCpuReader threads;
    private final SampleCollector collector;
    private final JfrSampleSource jfr;
    private final Thread windowThread;
    private final Thread hook;
    private final long startNanoTime;
    private final int pid;
    private ProcessEnergyReader.Reading last;
    private Provenance cpuProvenance = Provenance.UNAVAILABLE;
    private Provenance gpuProvenance = Provenance.UNAVAILABLE;
    private volatile boolean stopping;
    private boolean finished;
    private List<Path> written = List.of();
    private boolean windowFailureWarned;

    /**
     * Starts profiling this JVM.
     *
     * @param options validated settings; relative paths are relative to this JVM's working directory
     * @param log     where the one-line notices go (stderr)
     * @return the running session
     * @throws IllegalStateException    when a profile is already running here, or JFR or per-thread CPU time is
     *                                  unavailable (the message says what to do)
     * @throws IllegalArgumentException when an output directory does not exist or a forced source cannot be used
     */
    public static ProfilerSession start(ProfilerOptions options, PrintStream log) {
        synchronized (ACTIVE_LOCK) {
            if (active != null && !active.isFinished()) {
                throw new IllegalStateException("a profile is already running in this JVM; it writes "
                        + active.options.output() + " when it ends");
            }
            active = new ProfilerSession(options, log);
            return active;
        }
    }

    private ProfilerSession(ProfilerOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
        for (Path p : options.outputs()) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the directory of " + p + " does not exist; create it or choose "
                        + "another path");
            }
            if (!Files.isWritable(dir)) {
                throw new IllegalArgumentException("the directory of " + p + " is not writable by this JVM's user; "
                        + "choose another path");
            }
        }
        this.pid = (int) ProcessHandle.current().pid();
        EnergyMeter.Builder b = EnergyMeter.builder().interval(options.window()).workloadResolvers(false);
        if (!options.sources().isEmpty()) {
            b.sources(options.sources().toArray(String[]::new));
        }
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        // the power sources are found with the context class loader: ours, whatever thread attaches us
        current.setContextClassLoader(ProfilerSession.class.getClassLoader());
        try {
            this.meter = b.build();
        } finally {
            current.setContextClassLoader(before);
        }
        try {
            this.energy = new ProcessEnergyReader(meter, pid);
            this.threads = new ThreadCpuReader();
            this.collector = new SampleCollector(options.interval().toNanos());
            this.jfr = new JfrSampleSource(options.interval(), options.nativeSamples(), collector);
        } catch (LinkageError e) {
            meter.close();
            // a modular application resolves only the modules its own graph needs
            throw new IllegalStateException("this JVM lacks a module the profiler needs (" + e + "); start a modular "
                    + "application with --add-modules jdk.jfr,jdk.management", e);
        } catch (RuntimeException | Error e) {
            meter.close();
            throw e;
        }
        // baselines, then the first window opens: everything before this instant is no window's
        this.last = energy.read();
        threads.read();
        this.startNanoTime = System.nanoTime();
        collector.begin(epochNanos());
        this.windowThread = new Thread(this::runWindows, "energy4j-profiler-window");
        windowThread.setDaemon(true);
        windowThread.start();
        this.hook = new Thread(() -> finish("the JVM is exiting"), "energy4j-profiler-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            stopping = true;
            jfr.close();
            meter.close();
            throw new IllegalStateException("the JVM began to exit before the profiler had started (JFR takes 0.5 to "
                    + "3 s to sample); nothing was profiled", e);
        }
        log.println("energy4j-profiler: profiling pid " + pid + " every " + ProfilerOptions.format(options.interval())
                + (options.duration().isZero() ? " until the JVM exits" : " for "
                + ProfilerOptions.format(options.duration())) + "; energy " + last.cpuProvenance() + "; writing "
                + options.output());
    }

    private void runWindows() {
        long windowNanos = options.window().toNanos();
        long next = System.nanoTime() + windowNanos;
        long end = options.duration().isZero() ? Long.MAX_VALUE : startNanoTime + options.duration().toNanos();
        while (!stopping) {
            long now = System.nanoTime();
            long until = Math.min(next, end);
            if (now < until) {
                LockSupport.parkNanos(this, until - now);
                continue;
            }
            if (now >= end) {
                finish("the duration has passed");
                return;
            }
            closeWindow();
            collector.settleDelivered(epochNanos());
            next += windowNanos;
            if (next < now) {
                next = now + windowNanos; // fell behind (suspend, long GC): skip, do not burst
            }
        }
    }

    private void closeWindow() {
        try {
            ThreadCpu t = threads.read();
            ProcessEnergyReader.Reading r = energy.read();
            long to = epochNanos();
            collector.closeWindow(to, r.cpuJoules() - last.cpuJoules(), r.gpuJoules() - last.gpuJoules(),
                    (long) ((r.cpuSeconds() - last.cpuSeconds()) * 1e9), t);
            cpuProvenance = cpuProvenance.and(r.cpuProvenance());
            gpuProvenance = gpuProvenance.and(r.gpuProvenance());
            last = r;
        } catch (RuntimeException e) {
            if (!windowFailureWarned) {
                windowFailureWarned = true;
                log.println("energy4j-profiler: a window could not be read (" + e + "); its energy is left out");
            }
        }
    }

    /**
     * Ends the profile and writes the files. Idempotent: a second call waits for the first and returns.
     *
     * @param why for the notice printed when the files are written
     */
    public void finish(String why) {
        synchronized (this) {
            if (finished) {
                return;
            }
            stopping = true;
            if (Thread.currentThread() != windowThread) {
                LockSupport.unpark(windowThread);
                try {
                    windowThread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeWindow();
            long end = epochNanos();
            jfr.drain(end, DRAIN_TIMEOUT);
            collector.settleAll();
            jfr.close();
            meter.close();
            EnergyProfile p = collector.profile(cpuProvenance, gpuProvenance, options.interval(), options.window(),
                    pid, application());
            try {
                written = ProfileFiles.write(p, options);
                log.println("energy4j-profiler: " + why + "; wrote " + names(written) + ": " + summary(p.summary()));
            } catch (IOException | RuntimeException e) {
                log.println("energy4j-profiler: " + why + "; the profile could not be written: " + e.getMessage());
            }
            finished = true;
            if (!why.equals("the JVM is exiting")) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
        }
    }

    /** Whether the files have been written (or could not be). */
    public synchronized boolean isFinished() {
        return finished;
    }

    /** The files written, empty before {@link #finish}. */
    public synchronized List<Path> written() {
        return written;
    }

    private static String summary(ProfileSummary s) {
        return String.format(java.util.Locale.ROOT, "%.3f J %s over %.1f s, %d samples, coverage %.1f%%",
                s.joules(), s.provenance(), s.duration().toNanos() * 1e-9, s.samples(),
                Double.isNaN(s.coverage()) ? 0.0 : s.coverage() * 100);
    }

    private static String names(List<Path> paths) {
        List<String> n = new ArrayList<>();
        for (Path p : paths) {
            n.add(p.toString());
        }
        return String.join(", ", n);
    }

    /** The main class or jar this JVM runs, without its arguments (which may hold secrets). */
    static String application() {
        String cmd = System.getProperty("sun.java.command", "");
        int space = cmd.indexOf(' ');
        String main = space < 0 ? cmd : cmd.substring(0, space);
        return main.isEmpty() ? "java" : main;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
