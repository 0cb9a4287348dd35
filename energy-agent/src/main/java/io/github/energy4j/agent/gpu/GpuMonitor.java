package io.github.energy4j.agent.gpu;

import io.github.energy4j.agent.gpu.GpuAnalysisResult.Ai;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Gpu;
import io.github.energy4j.agent.gpu.GpuAnalysisResult.Owner;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.internal.ChatCompletionsGpuAdvisor;
import io.github.energy4j.nvml.analysis.internal.RuleGpuAdvisor;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU monitor behind {@code serve}'s GPU endpoints and {@code gpu_*} series. One thread samples every GPU
 * through its own NVML handle (about 1 Hz); another runs the periodic analysis over the rolling window; a pool of
 * {@code workers} threads asks the LLM, so a slow model never delays an analysis or a sample.
 *
 * <p>Analyses never overlap: a request that arrives while one runs waits for that one and gets its result.
 * Thread-safe.
 */
public final class GpuMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GpuMonitor.class);

    private final GpuSampler sampler;
    private final GpuUsageAnalyzer analyzer;
    private final GpuServiceOptions options;
    private final SourceContext aiContext;
    private final ChatCompletionsGpuAdvisor chat = new ChatCompletionsGpuAdvisor();
    private final RuleGpuAdvisor rules = new RuleGpuAdvisor();
    private final ProcessOwners owners;
    private final Duration sampleInterval;
    private final ScheduledExecutorService sampling;
    private final ScheduledExecutorService periodic;
    private final ExecutorService workers;
    private final Object sampleLock = new Object();
    private final Map<String, Ai> ai = new ConcurrentHashMap<>();
    private final Set<String> aiPending = ConcurrentHashMap.newKeySet();
    private final AtomicLong analyses = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong sampleErrors = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile GpuSettings settings;
    private volatile GpuAnalysisResult latest;
    private volatile double lastDurationSeconds = Double.NaN;
    private CompletableFuture<GpuAnalysisResult> inFlight; // guarded by this
    private ScheduledFuture<?> next; // guarded by this
    private boolean closed; // guarded by this

    private GpuMonitor(GpuSampler sampler, GpuUsageAnalyzer analyzer, GpuServiceOptions options,
                       SourceContext hostContext, ProcessOwners owners, Duration sampleInterval) {
        this.sampler = sampler;
        this.analyzer = analyzer;
        this.options = options;
        this.owners = owners;
        this.sampleInterval = sampleInterval;
        this.settings = new GpuSettings(options.lowThreshold(), options.analysisInterval(), options.window(),
                options.aiConfigured());
        this.aiContext = options.aiConfigured() ? hostContext
                .with(ChatCompletionsGpuAdvisor.ENABLED_KEY, "true")
                .with(ChatCompletionsGpuAdvisor.ENDPOINT_KEY, options.aiUrl())
                .with(ChatCompletionsGpuAdvisor.MODEL_KEY, options.aiModel())
                .with(ChatCompletionsGpuAdvisor.API_KEY_ENV_KEY, GpuServiceOptions.API_KEY_ENV)
                .with(ChatCompletionsGpuAdvisor.TIMEOUT_KEY,
                        Double.toString(options.aiTimeout().toMillis() / 1000.0)) : null;
        this.sampling = Executors.newSingleThreadScheduledExecutor(daemon("energy4j-gpu-sampler"));
        this.periodic = Executors.newSingleThreadScheduledExecutor(daemon("energy4j-gpu-analysis"));
        this.workers = Executors.newFixedThreadPool(options.workers(), daemon("energy4j-gpu-advice"));
    }

    /**
     * Opens NVML from {@code library} and the sample ring for the longest window; nothing runs before
     * {@link #start()}.
     *
     * @param hostContext the roots and settings of the command (the chat advisor reads its environment)
     * @param owners      process to container / pod / namespace
     * @throws EnergySourceException when NVML is missing or fails, with a remedy
     */
    static GpuMonitor open(String library, GpuServiceOptions options, SourceContext hostContext,
                           ProcessOwners owners) throws EnergySourceException {
        // 1 Hz, or ten samples per window when the window is shorter than 10 s
        Duration interval = options.window().compareTo(Duration.ofSeconds(10)) >= 0 ? Duration.ofSeconds(1)
                : options.window().dividedBy(10);
        int capacity = (int) Math.min(100_000, GpuServiceOptions.MAX_WINDOW.toMillis() / interval.toMillis() + 2);
        GpuAnalysisConfig config = GpuAnalysisConfig.builder().window(options.window()).capacity(capacity)
                .lowUtilizationThreshold(options.lowThreshold()).build();
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(config);
        GpuSampler sampler = GpuSampler.open(library, analyzer);
        return new GpuMonitor(sampler, analyzer, options, hostContext, owners, interval);
    }

    /** Starts sampling and the periodic analysis. */
    public GpuMonitor start() {
        sampling.scheduleAtFixedRate(this::sample, 0, sampleInterval.toMillis(), TimeUnit.MILLISECONDS);
        schedule(settings.analysisInterval());
        return this;
    }

    private synchronized void schedule(Duration delay) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = periodic.schedule(this::periodicRun, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            next = null; // closing
        }
    }

    private void periodicRun() {
        try {
            GpuAnalysisResult r = analyze();
            if (r.settings().aiEnabled()) {
                requestAdvice(r); // not awaited: the next analysis does not wait for the model
            }
        } catch (RuntimeException e) {
            // counted in analyze(); the next run is still scheduled
        } finally {
            schedule(settings.analysisInterval());
        }
    }

    private void sample() {
        try {
            synchronized (sampleLock) {
                sampler.sample(System.nanoTime());
            }
        } catch (RuntimeException e) {
            if (sampleErrors.getAndIncrement() == 0) {
                LOG.warn("GPU sample failed; the analysis goes on with the samples it has: {}", e.toString());
            } else {
                LOG.debug("GPU sample failed", e);
            }
        }
    }

    /** Runs one analysis now, or waits for the one running and returns it. */
    public GpuAnalysisResult analyze() {
        CompletableFuture<GpuAnalysisResult> f;
        boolean mine = false;
        synchronized (this) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                mine = true;
            }
            f = inFlight;
        }
        if (mine) {
            try {
                f.complete(runAnalysis());
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LOG.warn("GPU analysis failed: {}", e.toString());
                f.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    inFlight = null;
                }
            }
        }
        return f.join();
    }

    private GpuAnalysisResult runAnalysis() {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            long start = System.nanoTime();
            GpuSettings s = settings;
            // judged once the GPU has been watched for the window, less one sample's slack
            Duration minHistory = s.window().minus(sampleInterval);
            List<GpuUsageReport> reports = analyzer.reports(s.window(), s.lowThreshold(), minHistory);
            List<GpuUsageReport.ProcessUsage> procs;
            synchronized (sampleLock) {
                procs = sampler.processes();
            }
            List<Gpu> gpus = new ArrayList<>(reports.size());
            for (GpuUsageReport r : reports) {
                List<Owner> mine = new ArrayList<>();
                TreeSet<String> namespaces = new TreeSet<>();
                for (GpuUsageReport.ProcessUsage p : procs) {
                    if (p.gpu() == r.gpu()) {
                        Owner o = owners.owner(p);
                        mine.add(o);
                        namespaces.add(o.namespace());
                    }
                }
                gpus.add(new Gpu(r, List.copyOf(mine), List.copyOf(namespaces), rules.advise(r, aiContextOrNone())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            GpuAnalysisResult result = new GpuAnalysisResult(analyses.get() + 1, Instant.now(), seconds, s,
                    List.copyOf(gpus), GpuStats.of(gpus));
            latest = result;
            lastDurationSeconds = seconds;
            analyses.incrementAndGet();
            fire();
            return result;
        } finally {
            running.decrementAndGet();
        }
    }

    private SourceContext aiContextOrNone() {
        return aiContext != null ? aiContext : RULES_CONTEXT;
    }

    /** The rule advisor reads no setting; it gets an empty context when no AI context exists. */
    private static final SourceContext RULES_CONTEXT = SourceContext.of(Path.of("/proc"), Path.of("/sys"));

    /**
     * Asks the LLM about every judged GPU of {@code r} on the worker pool; a GPU whose previous request is still
     * out is skipped. Returns at once with the futures.
     *
     * @throws IllegalStateException when no AI endpoint is configured
     */
    public List<Future<?>> requestAdvice(GpuAnalysisResult r) {
        if (aiContext == null) {
            throw new IllegalStateException("no AI endpoint: start serve with --ai-url (and AI_API_KEY)");
        }
        List<Future<?>> out = new ArrayList<>();
        for (Gpu g : r.gpus()) {
            GpuUsageReport.Status st = g.report().status();
            String key = key(g.report());
            if (st == GpuUsageReport.Status.UNKNOWN || st == GpuUsageReport.Status.INSUFFICIENT_HISTORY || !aiPending.add(key)) {
                continue;
            }
            try {
                out.add(workers.submit(() -> advise(r.id(), g, key)));
            } catch (RejectedExecutionException e) {
                aiPending.remove(key);
            }
        }
        return out;
    }

    private void advise(long analysisId, Gpu g, String key) {
        try {
            GpuAdvisor.Advice a = chat.advise(g.report(), g.namespaces(), aiContext);
            ai.put(key, new Ai(analysisId, Instant.now(), a, ""));
        } catch (GpuAdvisor.AdvisorException | RuntimeException e) {
            // the rule-based advice stands; the reason is shown with the GPU's result
            ai.put(key, new Ai(analysisId, Instant.now(), null, String.valueOf(e.getMessage())));
            LOG.debug("LLM advice for {} failed: {}", key, e.getMessage());
        } finally {
            aiPending.remove(key);
            fire();
        }
    }

    /** Runs an analysis and waits for the LLM's advice on it, at most the advisor's worst case (retries included). */
    public GpuAnalysisResult analyzeWithAdvice() {
        GpuAnalysisResult r = analyze();
        long deadline = System.nanoTime() + adviceBudget().toNanos();
        for (Future<?> f : requestAdvice(r)) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break; // what came back is shown; the rest lands later in /results
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // recorded by advise()
            }
        }
        return r;
    }

    /** Three attempts of the timeout each, plus the default backoff (0.5 s + 1 s), plus a second of slack. */
    private Duration adviceBudget() {
        return options.aiTimeout().multipliedBy(3).plusMillis(2500);
    }

    static String key(GpuUsageReport r) {
        return r.uuid().isEmpty() ? "gpu-" + r.gpu() : r.uuid();
    }

    /** The last analysis; null before the first. */
    public GpuAnalysisResult latest() {
        return latest;
    }

    /** LLM answers by GPU key (UUID), newest per GPU. */
    public Map<String, Ai> advice() {
        return Map.copyOf(ai);
    }

    public GpuSettings settings() {
        return settings;
    }

    public GpuServiceOptions options() {
        return options;
    }

    public Duration sampleInterval() {
        return sampleInterval;
    }

    /**
     * Applies a {@code /config/update} body; the next periodic analysis is rescheduled to the new interval.
     *
     * @throws IllegalArgumentException with the reason; nothing changes then
     */
    public GpuSettings update(String body) {
        GpuSettings updated;
        synchronized (this) {
            updated = settings.update(body, options.aiConfigured());
            settings = updated;
        }
        schedule(updated.analysisInterval());
        LOG.info("GPU analysis settings updated: {}", updated);
        return updated;
    }

    public long analysesTotal() {
        return analyses.get();
    }

    public long errorsTotal() {
        return errors.get();
    }

    public double lastDurationSeconds() {
        return lastDurationSeconds;
    }

    /** Most analyses seen running at once (1 when they never overlapped). */
    public int maxConcurrentAnalyses() {
        return maxRunning.get();
    }

    /** GPUs NVML refused at open, one line each. */
    public List<String> skipped() {
        return sampler.skipped();
    }

    /** Called after each analysis and each LLM answer (the metrics refresh). */
    void onChange(Runnable r) {
        listeners.add(r);
    }

    private void fire() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("GPU listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        periodic.shutdownNow();
        workers.shutdownNow();
        sampling.shutdown();
        try {
            sampling.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sampleLock) {
            sampler.close();
        }
        owners.close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
