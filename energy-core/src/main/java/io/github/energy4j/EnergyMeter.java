package io.github.energy4j;

import io.github.energy4j.internal.FrameData;
import io.github.energy4j.internal.service.Providers;
import io.github.energy4j.internal.Sampler;
import io.github.energy4j.internal.SnapshotAssembler;
import io.github.energy4j.internal.SourceSelection;
import io.github.energy4j.internal.ZoneCounter;
import io.github.energy4j.procfs.ProcfsScanner;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.GridIntensity;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.ProcessActivity;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.WorkloadCpuReader;
import io.github.energy4j.spi.WorkloadResolver;
import io.github.energy4j.spi.WorkloadResolverProvider;
import io.github.energy4j.spi.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters energy on this node: picks the best power sources, samples them on a daemon thread, and attributes the
 * energy to this process (by default; {@link Builder#allProcesses(boolean)} for every process and workload) and
 * to the scopes of this JVM.
 * <pre>{@code
 * try (EnergyMeter meter = EnergyMeter.create()) {         // auto-detects the best power sources
 *     EnergyScope s;
 *     try (EnergyScope scope = meter.scope("checkout")) {
 *         s = scope;
 *         work();
 *     }
 *     System.out.println(s.joules() + " J, " + s.source()); // measured | estimated | unavailable
 * }
 * }</pre>
 *
 * <p>The sampler starts lazily on the first scope, snapshot or {@link #start()}. Thread-safe.
 * {@link #close()} stops the sampler and releases every source; afterwards {@link #scope(String)},
 * {@link #measure(String, Runnable)}, {@link #call(String, Callable)} and {@link #sampleNow()} throw
 * {@link IllegalStateException}.
 */
public final class EnergyMeter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyMeter.class);
    private static final Duration FIRST_INTERVAL = Duration.ofMillis(200);
    /** The longest one scope close waits for a first price; a loaded host can need several 20 ms samples. */
    private static final Duration FIRST_PRICE_WAIT = Duration.ofSeconds(1);
    /** All closes together wait at most this long: a host whose busy time never moves gives no price at all. */
    private static final Duration FIRST_PRICE_WAIT_BUDGET = Duration.ofSeconds(3);
    private static final long CLOSE_WAIT_MILLIS = 5000;

    private final Builder config;
    private final Sampler sampler;
    private final List<SourceStatus> statuses;
    private final Duration interval;
    private final ThreadLocal<double[]> priceBuffers = ThreadLocal.withInitial(() -> new double[6]);
    private final Object startLock = new Object();
    private volatile Thread thread;
    private volatile boolean closed;
    /** How long scope closes may still wait, in all, for a first price (guarded by startLock). */
    private long firstPriceWaitLeftNanos = FIRST_PRICE_WAIT_BUDGET.toNanos();
    private volatile boolean closeOnExit;
    private final Set<String> tickFailuresWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private EnergyMeter(Builder b) {
        this.config = b;
        SourceContext ctx = b.context();
        List<PowerSourceProvider> providers = b.providers != null ? b.providers
                : SourceSelection.discover(Providers.loaderFor(PowerSourceProvider.class));
        SourceSelection.Result sel = SourceSelection.select(providers, ctx, b.sources);
        this.statuses = sel.statuses();
        Duration iv = b.interval;
        for (PowerSource s : sel.sources()) {
            for (Zone z : s.zones()) {
                double safe = ZoneCounter.maxSafeIntervalSeconds(z);
                if (safe < iv.toNanos() * 1e-9) {
                    Duration bound = Duration.ofMillis(Math.max(1, (long) (safe * 1000)));
                    LOG.warn("interval {} is too long for zone {} (its counter could wrap twice); using {}", iv,
                            z.name(), bound);
                    iv = bound;
                }
            }
        }
        this.interval = iv;
        ProcfsScanner scanner;
        if (b.allProcesses) {
            boolean listEvery = b.listEveryScan != null ? b.listEveryScan : !ProcfsScanner.isProcFilesystem(b.procfs);
            // on procfs the fork counter in /proc/stat announces every new pid and a failed read every exit, so no
            // periodic relisting is needed (it would allocate); copies and fake trees are listed on every scan
            scanner = new ProcfsScanner(b.procfs, listEvery, listEvery ? 1 : Integer.MAX_VALUE,
                    ProcfsScanner.descriptorBudget(b.maxOpenFiles));
        } else {
            // an application meters itself: /proc/stat and its own stat file, whatever else the host runs
            scanner = ProcfsScanner.ofPids(b.procfs, (int) ProcessHandle.current().pid());
        }
        WorkloadResolver resolver = b.resolvers ? openResolver(ctx) : null;
        int retention = (int) Math.max(1, b.retention.toNanos() / Math.max(1, interval.toNanos()));
        WorkloadCpuReader workloadCpu = b.processLevel || !b.allProcesses ? null : workloadCpu(resolver, sel.sources());
        this.sampler = new Sampler(sel.sources(), scanner, b.idlePolicy, resolver, workloadCpu, b.gridIntensity,
                retention);
    }

    /**
     * The resolver's per-workload CPU counters, when container-level attribution can replace the process scan:
     * not while a source splits its energy by per-process activity (GPUs), which needs the pids.
     */
    private static WorkloadCpuReader workloadCpu(WorkloadResolver resolver, List<PowerSource> sources) {
        if (resolver == null) {
            LOG.info("process-level output is off, but no workload resolver is present; reading every process");
            return null;
        }
        for (PowerSource s : sources) {
            if (s instanceof ProcessActivity) {
                LOG.info("source {} splits energy by process activity; reading every process", s.id());
                return null;
            }
        }
        try {
            WorkloadCpuReader r = resolver.workloadCpu().orElse(null);
            if (r == null) {
                LOG.info("no per-container CPU counters (cgroup cpu.stat) found; reading every process");
            }
            return r;
        } catch (RuntimeException e) {
            LOG.warn("per-container CPU counters failed to open ({}); reading every process", e.toString());
            return null;
        }
    }

    /** A meter over the real host with default settings. */
    public static EnergyMeter create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static WorkloadResolver openResolver(SourceContext ctx) {
        List<WorkloadResolverProvider> ps = Providers.all(ServiceLoader.load(WorkloadResolverProvider.class,
                Providers.loaderFor(WorkloadResolverProvider.class)), WorkloadResolverProvider::priority,
                "workload resolver");
        for (WorkloadResolverProvider p : ps) {
            try {
                Probe probe = p.probe(ctx);
                if (probe.available()) {
                    return p.open(ctx);
                }
                LOG.debug("workload resolver {} unavailable: {}", p.id(), probe.reason());
            } catch (EnergySourceException | RuntimeException e) {
                LOG.warn("workload resolver {} failed to open: {}", p.id(), e.getMessage());
            }
        }
        return null;
    }

    /** The sampling interval in use (possibly shortened so no counter can wrap twice). */
    public Duration interval() {
        return interval;
    }

    /** Every provider found, whether selected, and why not. */
    public List<SourceStatus> sources() {
        return statuses;
    }

    /** The zones being metered. */
    public List<Zone> zones() {
        return List.of(sampler.zones());
    }

    /** Starts the sampler thread if it is not running. Idempotent. */
    public EnergyMeter start() {
        if (thread != null) {
            return this;
        }
        synchronized (startLock) {
            if (thread == null && !closed) {
                sampler.tick(); // baseline
                Thread t = new Thread(this::run, "energy4j-sampler");
                t.setDaemon(true);
                thread = t;
                t.start();
            }
        }
        return this;
    }

    private void run() {
        long next = System.nanoTime() + Math.min(FIRST_INTERVAL.toNanos(), interval.toNanos());
        try {
            while (!closed) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                    continue;
                }
                try {
                    sampler.tick();
                } catch (VirtualMachineError e) {
                    throw e; // out of memory or a JVM fault: nothing a next tick could fix
                } catch (RuntimeException | Error e) {
                    // the sampler must survive anything a source or file throws (a missing native method
                    // included); the next tick tries again
                    tickFailed(e);
                }
                next += interval.toNanos();
                long now = System.nanoTime();
                if (next < now) {
                    next = now + interval.toNanos(); // we fell behind (suspend, GC): skip, do not burst
                }
            }
        } finally {
            if (closeOnExit) {
                sampler.close(); // close() gave up waiting for a tick stuck in a source
            }
        }
    }

    /** WARN once per kind of failure, DEBUG afterwards: a failing source must not flood the application's log. */
    private void tickFailed(Throwable e) {
        String kind = e.getClass().getName();
        if (tickFailuresWarned.size() < 64 && tickFailuresWarned.add(kind)) {
            LOG.warn("sampling tick failed: {} (later failures of this kind are logged at DEBUG; run 'energy4j "
                    + "doctor')", e.toString());
        } else {
            LOG.debug("sampling tick failed", e);
        }
    }

    /**
     * Takes one sample now on the calling thread (in addition to the sampler's schedule). Useful for
     * reports and tests that need a sample at an exact point.
     */
    public void sampleNow() {
        if (closed) {
            throw new IllegalStateException("meter is closed");
        }
        sampler.tick();
    }

    /**
     * Opens a scope metering the calling thread, and work run on its behalf ({@link EnergyScope#wrap(Runnable)},
     * {@link EnergyScope#propagating(java.util.concurrent.ExecutorService)}), until {@link EnergyScope#close()}.
     *
     * @throws IllegalStateException when the meter is closed
     */
    public EnergyScope scope(String name) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("meter is closed; scope '" + name + "' cannot be metered");
        }
        start();
        return new EnergyScope(this, name, true);
    }

    /**
     * Opens a scope that no thread works for by opening it: it is charged only the CPU time of work entered
     * ({@link EnergyScope#enter()}) or wrapped for it, on any thread, and it may be closed on any thread. For work
     * that starts on one thread and ends on another (reactive requests, observations).
     *
     * @throws IllegalStateException when the meter is closed
     */
    public EnergyScope asyncScope(String name) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("meter is closed; scope '" + name + "' cannot be metered");
        }
        start();
        return new EnergyScope(this, name, false);
    }

    /**
     * Runs {@code work} inside a scope and returns its reading.
     *
     * @throws IllegalStateException when the meter is closed
     */
    public EnergyReading measure(String name, Runnable work) {
        EnergyScope s = scope(name);
        try {
            work.run();
        } finally {
            s.close();
        }
        return s.result();
    }

    /** The result of {@link #call(String, Callable)}: the value and the energy it took. */
    public record Measured<T>(T value, EnergyReading reading) {
    }

    /**
     * Runs {@code work} inside a scope and returns its value with the reading (named {@code call}, not
     * {@code measure}, so that a value-returning lambda never makes an ambiguous overload).
     *
     * @throws Exception what {@code work} throws; the scope is closed either way
     * @throws IllegalStateException when the meter is closed
     */
    public <T> Measured<T> call(String name, Callable<T> work) throws Exception {
        EnergyScope s = scope(name);
        T v;
        try {
            v = work.call();
        } finally {
            s.close();
        }
        return new Measured<>(v, s.result());
    }

    /**
     * Cumulative energy of everything metered so far, as of the last completed sample: never waits for a sample
     * in progress (nor for a slow source read in it). Starts the sampler thread unless samples are being driven by
     * {@link #sampleNow()}.
     */
    public EnergySnapshot snapshot() {
        if (sampler.ticks() == 0) {
            start();
        }
        sampler.refreshWorkloadsIfIdle();
        FrameData f = new FrameData();
        sampler.readFrame(f);
        return SnapshotAssembler.assemble(sampler, f, statuses);
    }

    /**
     * Copies the cumulative figures of the last sample into {@code reuse} and returns it: the allocation-free
     * form of {@link #snapshot()} for readers that poll often. Like {@code snapshot()} it never waits for a
     * sample in progress (the sampler publishes each sample's figures when it completes). Starts the sampler
     * thread unless samples are being driven by {@link #sampleNow()}.
     */
    public EnergySnapshot.Buffer snapshotInto(EnergySnapshot.Buffer reuse) {
        Objects.requireNonNull(reuse, "reuse");
        if (sampler.ticks() == 0) {
            start();
        }
        sampler.readFrame(reuse.data);
        return reuse;
    }

    /** This JVM's own cumulative energy (primary zones), or NaN when this process is not in the proc root. */
    public double processJoules() {
        int self = (int) ProcessHandle.current().pid();
        for (ProcessEnergy p : snapshot().processes()) {
            if (p.pid() == self && !p.exited()) {
                return p.joules();
            }
        }
        return Double.NaN;
    }

    /**
     * {@link AttributionLevel#PROCESS} when every process is read, {@link AttributionLevel#CONTAINER} when energy is
     * attributed from per-container CPU counters (see {@link Builder#processLevel(boolean)}).
     */
    public AttributionLevel attributionLevel() {
        return sampler.attributionLevel();
    }

    /**
     * The meter's self-metrics: samples taken and the last one's duration, source and procfs errors, processes
     * tracked, vanished and malformed, workloads tracked, workload CPU read errors, counter wraps and resets,
     * unavailable zone readings, as of the last completed sample (never waits for one in progress).
     */
    public SamplerStats stats() {
        long[] st = new long[FrameData.STATS];
        sampler.readStats(st);
        return new SamplerStats(st[0], Duration.ofNanos(st[1]), st[2], st[3], st[4], st[5], st[6], st[7],
                st[8], st[9], st[10], st[11], st[12]);
    }

    /**
     * Samples taken so far, without waiting for a sample in progress (a count that stops moving is a stalled
     * sampler: what a health check wants). Any thread.
     */
    public long ticks() {
        return sampler.ticks();
    }

    // ---- scope support (package-private) ----

    /** The published price state in a per-thread buffer (see {@link Sampler#readPrice(double[])}). */
    double[] priceBuffer() {
        double[] buf = priceBuffers.get();
        sampler.readPrice(buf);
        return buf;
    }

    /** Samples now if no interval has completed yet, so a short early scope still gets a price. */
    double[] establishPrice() {
        // without a CPU-attributed primary zone (GPUs only) no sample can ever give a price: do not sample for one
        if (!closed && sampler.hasPricedZone()) {
            synchronized (startLock) {
                double[] p = priceBuffer();
                // a bounded wait, out of a budget shared by all closes: a host whose CPU counters never move
                // would make every scope close pay the full wait otherwise
                if (Double.isNaN(p[2]) && firstPriceWaitLeftNanos > 0) {
                    long start = System.nanoTime();
                    long deadline = start + Math.min(FIRST_PRICE_WAIT.toNanos(), firstPriceWaitLeftNanos);
                    while (Double.isNaN(p[2]) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(20_000_000L);
                        sampler.tick();
                        p = priceBuffer();
                    }
                    firstPriceWaitLeftNanos = Double.isNaN(p[2])
                            ? firstPriceWaitLeftNanos - (System.nanoTime() - start) : 0;
                }
            }
        }
        return priceBuffer();
    }

    double minPricedBusySeconds() {
        return sampler.minPricedBusySeconds();
    }

    boolean cpuEstimated() {
        return sampler.cpuEstimated();
    }

    /**
     * Stops the sampler and closes every source. Idempotent. Waits up to 5 s for a running tick; a tick stuck
     * in a source (a blocking device or file) is interrupted, and if it still does not return within 1 s the
     * sources are closed by the sampler thread when it does: this method never blocks longer than about 6 s.
     */
    @Override
    public void close() {
        synchronized (startLock) {
            closed = true; // under the start lock: start() cannot begin a thread after this point
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            boolean interrupted = join(t, CLOSE_WAIT_MILLIS);
            if (t.isAlive()) {
                t.interrupt();
                interrupted |= join(t, 1000);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                closeOnExit = true;
                if (t.isAlive()) {
                    LOG.warn("the sampler thread is stuck in a source read; its sources are closed when it returns");
                    return;
                }
            }
        }
        sampler.close();
    }

    private static boolean join(Thread t, long millis) {
        try {
            t.join(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Configuration of an {@link EnergyMeter}; validated at {@link #build()}.
     *
     * <table>
     *   <caption>Settings</caption>
     *   <tr><th>setting</th><th>default</th></tr>
     *   <tr><td>interval</td><td>1 s</td></tr>
     *   <tr><td>procfs / sysfs / devfs</td><td>/proc, /sys, /dev</td></tr>
     *   <tr><td>sources</td><td>automatic: best available per group</td></tr>
     *   <tr><td>idlePolicy</td><td>auto</td></tr>
     *   <tr><td>retention of exited processes</td><td>5 min</td></tr>
     *   <tr><td>workload resolvers</td><td>on when one is on the class path</td></tr>
     *   <tr><td>processLevel</td><td>true (false: container-level attribution where cgroups allow)</td></tr>
     * </table>
     */
    public static final class Builder {
        private Duration interval = Duration.ofSeconds(1);
        private Path procfs = Path.of("/proc");
        private Path sysfs = Path.of("/sys");
        private Path devfs = Path.of("/dev");
        private final Set<String> sources = new LinkedHashSet<>();
        private final Map<String, String> config = new HashMap<>();
        private IdlePolicy idlePolicy = IdlePolicy.auto();
        private Duration retention = Duration.ofMinutes(5);
        private boolean resolvers = true;
        private boolean processLevel = true;
        private boolean allProcesses;
        private GridIntensity gridIntensity;
        private Boolean listEveryScan;
        private int maxOpenFiles = 16384;
        private List<PowerSourceProvider> providers;
        private java.util.function.Function<String, String> env = System::getenv;

        private Builder() {
        }

        /** Sampling interval, 10 ms to 1 h. */
        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Proc root ({@code /host/proc} in a DaemonSet, a fake tree in tests). */
        public Builder procfs(Path procfs) {
            this.procfs = Objects.requireNonNull(procfs, "procfs");
            return this;
        }

        public Builder sysfs(Path sysfs) {
            this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
            return this;
        }

        public Builder devfs(Path devfs) {
            this.devfs = Objects.requireNonNull(devfs, "devfs");
            return this;
        }

        /**
         * Uses these provider ids instead of the automatic choice. Several ids of one group (e.g. {@code rapl} and
         * {@code rapl-msr}) are a preference order: the first that opens is used and the others are not, since
         * both would count the same energy. {@link #build()} refuses when no named source of a group opens.
         */
        public Builder sources(String... ids) {
            for (String id : ids) {
                sources.add(Objects.requireNonNull(id, "source id").trim());
            }
            return this;
        }

        /** A provider setting ({@code rapl.msr=true}, {@code model.cpu=Skylake}, ...). */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder idlePolicy(IdlePolicy policy) {
            this.idlePolicy = Objects.requireNonNull(policy, "idlePolicy");
            return this;
        }

        /** How long exited processes keep their totals in snapshots. */
        public Builder processRetention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** Whether to resolve processes to containers/pods with a discovered {@link WorkloadResolver}. */
        public Builder workloadResolvers(boolean enabled) {
            this.resolvers = enabled;
            return this;
        }

        /**
         * Whether per-process energy is wanted (default true). When false, and a workload resolver offers
         * per-container CPU counters (cgroup {@code cpu.stat}), the sampler reads one counter per container
         * instead of every process's stat file: O(containers) per sample, exact for processes that exit
         * inside an interval, and snapshots then list workloads but no processes. Sources that split energy by
         * process activity (GPUs) keep process-level reading.
         */
        public Builder processLevel(boolean enabled) {
            this.processLevel = enabled;
            return this;
        }

        /**
         * Whether to read every process in the proc root (node agents and command-line tools) instead of only this
         * JVM (the default). An application metering itself reads {@code /proc/stat} and its own
         * {@code /proc/self/stat} per sample: its cost does not grow with the host's process count and it never
         * reads other users' processes. Process-level output, workloads and {@link #processLevel(boolean)} need
         * this on.
         */
        public Builder allProcesses(boolean all) {
            this.allProcesses = all;
            return this;
        }

        /** Converts energy to CO2e per interval with this intensity. */
        public Builder gridIntensity(GridIntensity intensity) {
            this.gridIntensity = intensity;
            return this;
        }

        /**
         * Lists the proc directory on every sample. Default: only on real procfs is this off, because
         * there an exited process makes its open stat file fail; in a copied or fake tree it does not.
         */
        public Builder listProcessesEverySample(boolean every) {
            this.listEveryScan = every;
            return this;
        }

        /**
         * Process files kept open at most ({@code stat}, and {@code schedstat} for single-threaded processes); more
         * processes are opened per sample. Never more than three quarters of this process's open-file limit.
         */
        public Builder maxOpenFiles(int max) {
            this.maxOpenFiles = max;
            return this;
        }

        /** Uses these providers instead of the ServiceLoader ones (tests, embedding). */
        public Builder providers(List<PowerSourceProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        /** Environment lookup handed to providers (secrets); defaults to {@link System#getenv(String)}. */
        public Builder environment(java.util.function.Function<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        SourceContext context() {
            return new SourceContext(procfs, sysfs, devfs, config, env);
        }

        /**
         * Validates and opens the sources.
         *
         * @throws IllegalArgumentException naming the bad setting and the allowed values; also when a source named
         *                                  in {@link #sources(String...)} cannot be used on this host (the message
         *                                  gives its reason and remedy): a forced source never silently reads 0 J
         */
        public EnergyMeter build() {
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("interval must be between 10ms and 1h, was " + interval);
            }
            if (retention.isNegative()) {
                throw new IllegalArgumentException("processRetention must be >= 0, was " + retention);
            }
            if (maxOpenFiles < 0) {
                throw new IllegalArgumentException("maxOpenFiles must be >= 0, was " + maxOpenFiles);
            }
            if (!Files.isDirectory(procfs)) {
                throw new IllegalArgumentException("procfs root " + procfs + " is not a directory; pass the host's "
                        + "proc root (e.g. /host/proc in a container)");
            }
            if (!Files.isReadable(procfs.resolve("stat"))) {
                throw new IllegalArgumentException("procfs root " + procfs + " has no readable 'stat' file; is it a proc "
                        + "filesystem?");
            }
            return new EnergyMeter(this);
        }

        /**
         * What every provider would offer with these settings, without opening any: available or not, the reason
         * and the remedy, the zones (what {@code energy4j doctor} prints).
         */
        public List<SourceStatus> probe() {
            List<PowerSourceProvider> ps = providers != null ? providers
                    : SourceSelection.discover(Providers.loaderFor(PowerSourceProvider.class));
            return SourceSelection.probeAll(ps, context());
        }
    }

    Builder config() {
        return config;
    }
}
