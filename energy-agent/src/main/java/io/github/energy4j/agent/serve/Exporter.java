package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.agent.vm.VmProcesses;
import io.github.energy4j.spi.Zone;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exposition behind {@code /metrics}: one snapshot per staleness window (the sampling interval), however
 * many scrapes arrive, mapped by a {@link Naming} onto a Prometheus registry; and the health behind
 * {@code /healthz}. Thread-safe: scrapes are serialized, which is what guarantees a single computation per
 * window. {@link #healthy()} takes no lock: a watcher thread ({@link #start()}) follows the sampler's tick count
 * and publishes when it last moved, so a scrape or a tick stuck behind a slow source never delays the answer.
 */
public final class Exporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final EnergyMeter meter;
    private final Naming naming;
    private final Set<MetricsLevel> levels;
    private final PrometheusMeterRegistry registry;
    private final RegistrySync sync;
    private final FrameTracker tracker;
    private final long stalenessNanos;
    private final NodeCpuUsage cpuUsage;
    private final NodeMemory memory;
    private final List<CpuInfo> cpus;
    private final BuildInfo build;
    private final ProcessExe exe;
    private final Map<String, GpuInfo> gpus;
    private final ContainerNames containerNames;
    private final VmProcesses vms;
    private final long stallNanos;
    private final Object lifecycle = new Object();
    private long computedAt;
    private boolean computed;
    private long computations;
    private long failures;
    private byte[] renderedText;
    private long renderedTextAt = -1;
    private byte[] renderedOpenMetrics;
    private long renderedOpenMetricsAt = -1;
    /** The tick count the watcher saw last (watcher thread only). */
    private long watchedTicks = -1;
    /** When the watcher last saw the tick count move ({@code System.nanoTime()}); read by {@link #healthy()}. */
    private volatile long lastTickChangeNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile io.github.energy4j.carbon.IntensitySource grid;
    private volatile io.github.energy4j.agent.podcarbon.PodCarbon podCarbon;
    private Thread watcher;

    /**
     * @param nodeName value of the {@code node_name} tag on every series
     * @param procfs   the proc root the meter reads: {@code stat} for the CPU usage ratio (once per computation),
     *                 {@code cpuinfo} (once, here), {@code [pid]/exe} (once per new process, process level only), {@code [pid]/cmdline} (once per new
     *                 process, process and VM levels)
     */
    public Exporter(EnergyMeter meter, Naming naming, Set<MetricsLevel> levels, String nodeName, Path procfs) {
        this(meter, naming, levels, nodeName, procfs, Map.of());
    }

    /**
     * @param gpuNames GPU product names by UUID ({@link GpuNames#lookUp}), for the {@code gpu_name} label; also
     *                 {@code <procfs>/[pid]/environ}, once per container no pod view names, at container level
     */
    public Exporter(EnergyMeter meter, Naming naming, Set<MetricsLevel> levels, String nodeName, Path procfs,
                    Map<String, String> gpuNames) {
        this.meter = meter;
        this.naming = naming;
        this.levels = Set.copyOf(levels);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node_name", nodeName);
        this.sync = new RegistrySync(registry, Map.of("node_name", nodeName));
        List<String> paths = new ArrayList<>();
        for (Zone z : meter.zones()) {
            // Kepler's path is the sysfs path; other devices (model descriptions, GPU UUIDs) are no path, except
            // that a platform zone (which has no path label) passes its device on for the BMC's labels
            paths.add(z.device().startsWith("/") || z.domain() == Zone.Domain.PLATFORM ? z.device() : z.name());
        }
        this.gpus = gpus(meter, gpuNames);
        this.tracker = new FrameTracker(paths);
        this.stalenessNanos = meter.interval().toNanos();
        this.stallNanos = 5 * stalenessNanos + 2_000_000_000L;
        this.cpuUsage = new NodeCpuUsage(procfs);
        this.memory = new NodeMemory(procfs);
        this.cpus = CpuInfo.read(procfs);
        this.build = BuildInfo.current();
        this.exe = this.levels.contains(MetricsLevel.PROCESS) ? new ProcessExe(procfs) : ProcessExe.NONE;
        this.containerNames = this.levels.contains(MetricsLevel.CONTAINER) ? new ContainerNames(procfs)
                : ContainerNames.NONE;
        this.vms = this.levels.contains(MetricsLevel.PROCESS) || this.levels.contains(MetricsLevel.VM)
                ? new VmProcesses(procfs) : VmProcesses.NONE;
    }

    /** Kepler's GPU labels per GPU zone: index, UUID (the zone's device), product name, vendor of its source. */
    private static Map<String, GpuInfo> gpus(EnergyMeter meter, Map<String, String> names) {
        Map<String, GpuInfo> out = new HashMap<>();
        for (SourceStatus s : meter.sources()) {
            if (!s.selected()) {
                continue;
            }
            for (Zone z : s.zones()) {
                if (z.group() == Zone.Group.GPU) {
                    out.put(z.name(), new GpuInfo(Integer.toString(z.index()), z.device(),
                            names.getOrDefault(z.device(), ""), s.id().equals("nvml") ? "nvidia" : "unknown"));
                }
            }
        }
        return out;
    }

    /**
     * The registry behind {@code /metrics}, for services of {@code serve} that bind meters of their own (the GPU
     * service's {@code gpu_*} series); the registry's common tags ({@code node_name}) apply to them.
     */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** The content type for an {@code Accept} header: OpenMetrics when asked for, else Prometheus text 0.0.4. */
    public static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    }

    /** Refreshes the series if the last computation is older than the staleness window, then renders them. */
    public synchronized String scrape(String contentType) {
        refreshIfStale();
        return sync.expose(registry.scrape(contentType));
    }

    /**
     * The exposition as UTF-8 bytes, rendered at most once per computation and content type and shared by every
     * scrape in between: 50 concurrent scrapers cost one rendering and one byte array, not 50 strings. The array
     * is shared, so callers must not change it. Thread-safe.
     */
    public synchronized byte[] scrapeBytes(String contentType) {
        refreshIfStale();
        boolean om = contentType.equals(OPENMETRICS);
        byte[] cached = om ? renderedOpenMetrics : renderedText;
        if (cached != null && (om ? renderedOpenMetricsAt : renderedTextAt) == computations) {
            return cached;
        }
        byte[] b = sync.expose(registry.scrape(contentType)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // keep only the latest rendering per type; the previous one is garbage once in-flight writes finish
        if (om) {
            renderedOpenMetrics = b;
            renderedOpenMetricsAt = computations;
        } else {
            renderedText = b;
            renderedTextAt = computations;
        }
        return b;
    }

    /** Computations so far (for tests and the self-metric). */
    public synchronized long computations() {
        return computations;
    }

    /**
     * Starts the daemon thread that watches the sampler's tick count once per sampling interval for
     * {@link #healthy()}. The watcher reads the count without a lock ({@link EnergyMeter#ticks()}, a volatile field
     * the sampler bumps at the end of each tick), so while a tick hangs the count stops and the published time of the
     * last move ages: that is the stall {@code healthy()} reports. Idempotent.
     */
    public Exporter start() {
        synchronized (lifecycle) {
            if (watcher == null && !closed) {
                Thread t = new Thread(this::watch, "energy4j-health");
                t.setDaemon(true);
                watcher = t;
                t.start();
            }
        }
        return this;
    }

    /**
     * True while the sampler keeps ticking: the watcher saw the tick count move within the last five intervals
     * plus 2 s (and within that time of construction, before the first look); false once closed. Reads two
     * volatile fields only, so it answers at once whatever a scrape or the sampler is doing. Any thread.
     */
    public boolean healthy() {
        return !closed && System.nanoTime() - lastTickChangeNanos < stallNanos;
    }

    private void watch() {
        while (!closed) {
            long t;
            try {
                t = meter.ticks();
            } catch (RuntimeException e) {
                t = watchedTicks; // no news is no tick
            }
            if (t != watchedTicks) {
                watchedTicks = t;
                lastTickChangeNanos = System.nanoTime();
            }
            LockSupport.parkNanos(this, stalenessNanos);
        }
    }

    /** Stops the watcher ({@link #healthy()} is false from now on); scrapes still render. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (lifecycle) {
            t = watcher;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
        if (podCarbon != null) {
            podCarbon.close();
        }
    }

    /**
     * Exports each pod's idle share and the CO2e of pods, containers and namespaces from this ledger (energy4j
     * names under both namings); closed with the exporter. Call before the first scrape.
     */
    public void podCarbon(io.github.energy4j.agent.podcarbon.PodCarbon c) {
        this.podCarbon = c;
    }

    /**
     * Exports {@code energy4j_grid_intensity_grams_per_kwh{grid_zone,provider}} and {@code energy4j_grid_pue} (under
     * both namings) from this source: what the agent converts energy to CO2e with, for dashboards and for
     * {@code report --prometheus}, which groups nodes by {@code grid_zone}. Call before the first scrape.
     */
    public void gridIntensity(io.github.energy4j.carbon.IntensitySource source) {
        this.grid = source;
    }

    private void grid(RegistrySync sink) {
        if (!levels.contains(MetricsLevel.NODE)) {
            return;
        }
        // energy4j's own node series under both namings: memory for the low-utilisation alert (CPU and memory)
        sink.put(new Series("energy4j_node_memory_usage_ratio", false, "Used share of the node's memory "
                + "(1 - MemAvailable / MemTotal from /proc/meminfo)", null, Map.of(), memory.usageRatio()));
        io.github.energy4j.carbon.IntensitySource g = grid;
        if (g == null) {
            return;
        }
        io.github.energy4j.carbon.IntensityReading r = g.readingAt(System.currentTimeMillis());
        Map<String, String> t = Map.of("grid_zone", r.provenance().zone(), "provider", r.provenance().provider());
        sink.put(new Series("energy4j_grid_intensity_grams_per_kwh", false, "Grid carbon intensity the agent converts "
                + "energy with, in g CO2e/kWh (PUE not included); NaN when unknown", null, t, r.gramsPerKwh()));
        sink.put(new Series("energy4j_grid_pue", false, "Power usage effectiveness applied on top of the grid "
                + "intensity", null, t, r.pue()));
    }

    private void refreshIfStale() {
        long now = System.nanoTime();
        if (computed && now - computedAt < stalenessNanos) {
            return;
        }
        computed = true;
        computedAt = now;
        computations++;
        try {
            Map<String, Number> self = meter.stats().asMap();
            self.put("computations", computations);
            // the ratio is a node series: /proc/stat is read once per computation, and only when node series are on
            double usage = levels.contains(MetricsLevel.NODE) ? cpuUsage.next() : Double.NaN;
            HostFacts host = new HostFacts(usage, cpus, build, exe, gpus, containerNames, vms);
            ExportFrame frame = tracker.next(meter.snapshot(), self, host);
            sync.begin();
            naming.emit(frame, levels, sync::put);
            grid(sync);
            if (podCarbon != null) {
                podCarbon.export(frame.snapshot(), sync::put);
            }
            exe.endFrame();
            containerNames.endFrame();
            vms.endFrame();
            sync.end();
        } catch (RuntimeException e) {
            // keep serving the previous values; the failure count tells the operator
            if (failures++ == 0) {
                LOG.warn("energy snapshot for a scrape failed; serving the previous values: {}", e.toString());
            } else {
                LOG.debug("energy snapshot for a scrape failed", e);
            }
        }
    }
}
