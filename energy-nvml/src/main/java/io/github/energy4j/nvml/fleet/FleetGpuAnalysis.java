package io.github.energy4j.nvml.fleet;

import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.internal.prometheus.PrometheusClient;
import io.github.energy4j.internal.prometheus.PrometheusClient.Series;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Analyses every GPU Prometheus has history for over a window, with the same {@link GpuUsageAnalyzer} as a node.
 *
 * <p>Series, first choice NVIDIA dcgm-exporter's default counters (etc/default-counters.csv of
 * github.com/NVIDIA/dcgm-exporter: {@code DCGM_FI_DEV_GPU_UTIL} %, {@code DCGM_FI_DEV_FB_USED} MiB,
 * {@code DCGM_FI_DEV_POWER_USAGE} W, {@code DCGM_FI_DEV_SM_CLOCK} MHz, {@code DCGM_FI_DEV_GPU_TEMP} °C,
 * {@code DCGM_FI_DEV_MEM_COPY_UTIL} %), labelled {@code gpu}, {@code UUID} and, with its Kubernetes pod mapping,
 * {@code namespace}, {@code pod}, {@code container} (dcgm-exporter README), plus {@code modelName} and
 * {@code Hostname} in current releases; the power limit from {@code DCGM_FI_DEV_POWER_MGMT_LIMIT} (W) when
 * configured. When no dcgm-exporter series exists, energy4j's own {@code gpu_*} series (labels {@code gpu_uuid},
 * {@code gpu_name}, {@code node_name}) are read instead; they are window means already, so their variance is that
 * of the means.
 *
 * <p>A GPU is keyed by its UUID, else by host and index. Every GPU is judged on the history Prometheus has (no
 * minimum), and the report says how much that was.
 */
public final class FleetGpuAnalysis {

    /** Largest range-query answer read: one series of a day at 15 s steps is about 200 KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** The series names of one exporter, in the analyser's metric order, and its label names. */
    record Names(String source, String util, String memMiB, String watts, String smClock, String temp, String copy,
                 String limit, String uuid, String index, String model, String host) {
    }

    static final Names DCGM = new Names("dcgm-exporter", "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED",
            "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_SM_CLOCK", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_MEM_COPY_UTIL",
            "DCGM_FI_DEV_POWER_MGMT_LIMIT", "UUID", "gpu", "modelName", "Hostname");
    static final Names ENERGY4J = new Names("energy4j", "gpu_core_utilization", "gpu_memory_used_mb",
            "gpu_power_usage_watts", "gpu_sm_clock_mhz", "gpu_temperature_celsius", "gpu_memory_copy_utilization",
            "", "gpu_uuid", "", "gpu_name", "node_name");

    /**
     * One GPU of the fleet.
     *
     * @param node       host name or scrape instance
     * @param namespaces namespaces whose pods used it in the window (sorted)
     * @param pods       {@code namespace/pod} that used it (sorted)
     */
    public record FleetGpu(GpuUsageReport report, String node, List<String> namespaces, List<String> pods) {
    }

    /** @param source which series were read: {@code dcgm-exporter} or {@code energy4j} */
    public record Result(String source, Duration window, Instant end, List<FleetGpu> gpus) {
    }

    private FleetGpuAnalysis() {
    }

    /**
     * Queries {@code prometheus} (its base URL, e.g. {@code http://prometheus:9090}) for the window ending now.
     *
     * @throws IOException when Prometheus cannot be reached or answers with an error, saying which query (an
     *                     {@link InterruptedIOException} when the thread is interrupted)
     */
    public static Result analyze(URI prometheus, Duration window, double lowThreshold, Duration timeout)
            throws IOException {
        PrometheusClient client;
        try {
            client = new PrometheusClient(prometheus.toString(), timeout, MAX_BODY_BYTES);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Instant end = Instant.now();
        Instant start = end.minus(window);
        // about 300 points per series, never finer than 1 s
        long stepMillis = Math.max(1000, window.toMillis() / 300);
        Names names = DCGM;
        Map<String, List<Series>> series = fetch(client, names, start, end, stepMillis);
        if (series.get(names.util()).isEmpty()) {
            names = ENERGY4J;
            series = fetch(client, names, start, end, stepMillis);
        }
        return new Result(names.source(), window, end, analyze(names, series, window, lowThreshold, stepMillis));
    }

    private static Map<String, List<Series>> fetch(PrometheusClient client, Names n, Instant start, Instant end,
                                                   long stepMillis) throws IOException {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        for (String metric : List.of(n.util(), n.memMiB(), n.watts(), n.smClock(), n.temp(), n.copy(), n.limit())) {
            if (metric.isEmpty()) {
                out.put(metric, List.of());
                continue;
            }
            try {
                out.put(metric, client.queryRange(metric, start, end, Duration.ofMillis(stepMillis)));
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("range query for " + metric + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The analysis of parsed series (no I/O); series of the same GPU (one per pod that used it) are merged. */
    static List<FleetGpu> analyze(Names n, Map<String, List<Series>> series, Duration window, double lowThreshold,
                                  long stepMillis) {
        Map<String, Gpu> gpus = new TreeMap<>();
        String[] metrics = {n.util(), n.memMiB(), n.watts(), n.smClock(), n.temp(), n.copy()};
        for (int m = 0; m < metrics.length; m++) {
            for (Series s : series.getOrDefault(metrics[m], List.of())) {
                Gpu g = gpus.computeIfAbsent(key(n, s.labels()), k -> new Gpu());
                g.identify(n, s.labels());
                for (int i = 0; i < s.timesMillis().length; i++) {
                    double[] row = g.samples.computeIfAbsent(s.timesMillis()[i], t -> nanRow());
                    // +Inf/-Inf (which Prometheus can answer) is no reading: unknown, not a huge value
                    double v = Double.isFinite(s.values()[i]) ? s.values()[i] : Double.NaN;
                    row[m] = m == 1 ? v * (1 << 20) : v; // MiB to bytes
                }
            }
        }
        if (!n.limit().isEmpty()) {
            for (Series s : series.getOrDefault(n.limit(), List.of())) {
                Gpu g = gpus.get(key(n, s.labels()));
                if (g != null && s.values().length > 0) {
                    double limit = s.values()[s.values().length - 1];
                    g.limitWatts = Double.isFinite(limit) ? limit : Double.NaN;
                }
            }
        }
        int capacity = 2;
        for (Gpu g : gpus.values()) {
            capacity = Math.max(capacity, g.samples.size() + 1);
        }
        GpuUsageAnalyzer analyzer = new GpuUsageAnalyzer(GpuAnalysisConfig.builder().window(window)
                .capacity(capacity).lowUtilizationThreshold(lowThreshold).build());
        List<FleetGpu> out = new ArrayList<>();
        int index = 0;
        List<Gpu> ordered = new ArrayList<>(gpus.values());
        for (Gpu g : ordered) {
            analyzer.describe(index, g.uuid, g.model, g.limitWatts);
            for (Map.Entry<Long, double[]> e : g.samples.entrySet()) {
                double[] v = e.getValue();
                // Prometheus time is wall-clock; the analyser only needs a monotonic, nanosecond scale
                analyzer.record(index, e.getKey() * 1_000_000L, v[0], v[1], v[2], v[3], v[4], v[5], -1);
            }
            index++;
        }
        for (int i = 0; i < ordered.size(); i++) {
            Gpu g = ordered.get(i);
            out.add(new FleetGpu(analyzer.report(i), g.host, List.copyOf(g.namespaces), List.copyOf(g.pods)));
        }
        return out;
    }

    private static double[] nanRow() {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }

    private static String key(Names n, Map<String, String> labels) {
        String uuid = labels.getOrDefault(n.uuid(), "");
        if (!uuid.isEmpty()) {
            return uuid;
        }
        return host(n, labels) + "/" + (n.index().isEmpty() ? "" : labels.getOrDefault(n.index(), ""));
    }

    private static String host(Names n, Map<String, String> labels) {
        String h = labels.getOrDefault(n.host(), "");
        return h.isEmpty() ? labels.getOrDefault("instance", "") : h;
    }

    /** What is gathered about one GPU across its series. */
    private static final class Gpu {
        final TreeMap<Long, double[]> samples = new TreeMap<>();
        final TreeSet<String> namespaces = new TreeSet<>();
        final TreeSet<String> pods = new TreeSet<>();
        String uuid = "";
        String model = "";
        String host = "";
        double limitWatts = Double.NaN;

        void identify(Names n, Map<String, String> labels) {
            uuid = labels.getOrDefault(n.uuid(), uuid);
            String m = labels.getOrDefault(n.model(), "");
            if (!m.isEmpty()) {
                model = m;
            }
            String h = host(n, labels);
            if (!h.isEmpty()) {
                host = h;
            }
            String ns = labels.getOrDefault("namespace", "");
            if (!ns.isEmpty()) {
                namespaces.add(ns);
                String pod = labels.getOrDefault("pod", "");
                if (!pod.isEmpty()) {
                    pods.add(ns + "/" + pod);
                }
            }
        }
    }
}
