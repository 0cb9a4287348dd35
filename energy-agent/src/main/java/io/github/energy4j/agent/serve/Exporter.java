package io.github.energy4j.agent.serve;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.spi.Zone;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exposition behind {@code /metrics}: one snapshot per staleness window (the sampling interval), however
 * many scrapes arrive, mapped by a {@link Naming} onto a Prometheus registry. Thread-safe: scrapes are
 * serialized, which is what guarantees a single computation per window.
 */
public final class Exporter {

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
    private final List<CpuInfo> cpus;
    private final BuildInfo build;
    private final ProcessExe exe;
    private long computedAt;
    private boolean computed;
    private long computations;
    private long failures;
    private long lastTicks = -1;
    private long lastTickChange = System.nanoTime();

    /**
     * @param nodeName value of the {@code node_name} tag on every series
     * @param procfs   the proc root the meter reads: {@code stat} for the CPU usage ratio (once per computation),
     *                 {@code cpuinfo} (once, here), {@code [pid]/exe} (once per new process, process level only)
     */
    public Exporter(EnergyMeter meter, Naming naming, Set<MetricsLevel> levels, String nodeName, Path procfs) {
        this.meter = meter;
        this.naming = naming;
        this.levels = Set.copyOf(levels);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node_name", nodeName);
        this.sync = new RegistrySync(registry, registry.getPrometheusRegistry(), Map.of("node_name", nodeName));
        List<String> paths = new ArrayList<>();
        for (Zone z : meter.zones()) {
            // Kepler's path is the sysfs path; other devices (model descriptions, GPU UUIDs) are no path
            paths.add(z.device().startsWith("/") ? z.device() : z.name());
        }
        this.tracker = new FrameTracker(paths);
        this.stalenessNanos = meter.interval().toNanos();
        this.cpuUsage = new NodeCpuUsage(procfs);
        this.cpus = CpuInfo.read(procfs);
        this.build = BuildInfo.current();
        this.exe = this.levels.contains(MetricsLevel.PROCESS) ? new ProcessExe(procfs) : ProcessExe.NONE;
    }

    /** The content type for an {@code Accept} header: OpenMetrics when asked for, else Prometheus text 0.0.4. */
    public static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    }

    /** Refreshes the series if the last computation is older than the staleness window, then renders them. */
    public synchronized String scrape(String contentType) {
        refreshIfStale();
        return registry.scrape(contentType);
    }

    /** Computations so far (for tests and the self-metric). */
    public synchronized long computations() {
        return computations;
    }

    /** True while the sampler keeps ticking (a tick within the last five intervals). */
    public synchronized boolean healthy() {
        Number ticks = meter.selfMetrics().get("ticks");
        long t = ticks == null ? 0 : ticks.longValue();
        long now = System.nanoTime();
        if (t != lastTicks) {
            lastTicks = t;
            lastTickChange = now;
        }
        return now - lastTickChange < 5 * stalenessNanos + 2_000_000_000L;
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
            Map<String, Number> self = new HashMap<>(meter.selfMetrics());
            self.put("computations", computations);
            // the ratio is a node series: /proc/stat is read once per computation, and only when node series are on
            double usage = levels.contains(MetricsLevel.NODE) ? cpuUsage.next() : Double.NaN;
            HostFacts host = new HostFacts(usage, cpus, build, exe);
            ExportFrame frame = tracker.next(meter.snapshot(), self, host);
            sync.begin();
            naming.emit(frame, levels, sync::put);
            exe.endFrame();
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
