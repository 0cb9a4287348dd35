package io.github.energy4j.nvml.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Windowed usage statistics per GPU, a utilisation score and an active / idle / suspicious status.
 *
 * <p><b>Score</b> (0–100): {@code 0.7 × U + 0.3 × P} where U is the mean SM utilisation in percent
 * and P is the mean power as a percentage of the GPU's power limit (capped at 100). Utilisation says
 * whether kernels run; the power share says how hard they drive the chip, so a GPU reporting 100 %
 * "utilisation" from one tiny kernel at a time scores lower than one drawing its budget. When the
 * power limit or the power reading is unknown, score = U.
 *
 * <p><b>Status</b>: with mean SM utilisation below {@code idleUtilizationPercent}, a GPU whose mean
 * used memory is at least {@code zombieMemoryBytes} or that has a compute process attached is
 * {@link GpuUsageReport.Status#SUSPICIOUS} (memory held, nothing computed), otherwise {@link GpuUsageReport.Status#IDLE};
 * at or above the threshold it is {@link GpuUsageReport.Status#ACTIVE}. {@code lowUtilization} is
 * {@code score < lowUtilizationThreshold}. A GPU sampled for less than {@link GpuAnalysisConfig#minHistory()} is
 * {@link GpuUsageReport.Status#INSUFFICIENT_HISTORY} and never low: its score is shown but not judged.
 *
 * <p>Temperature and memory-controller utilisation are kept with the same statistics; they do not change the
 * score (a hot chip is not a busy one) but go to the advisors, where a cool chip backs an idle verdict.
 *
 * <p>Thread-safe: {@link #record} from the sampling thread, {@link #report} from any thread. Each GPU
 * keeps a fixed ring of {@code capacity} samples; recording does not allocate.
 */
public final class GpuUsageAnalyzer {

    private final GpuAnalysisConfig config;
    private final List<Gpu> gpus = new ArrayList<>();

    private static final class Gpu {
        final SampleRing ring;
        String uuid = "";
        String name = "";
        double powerLimitWatts = Double.NaN;
        long firstNanos;
        boolean seen;

        Gpu(int capacity) {
            ring = new SampleRing(capacity);
        }
    }

    public GpuUsageAnalyzer(GpuAnalysisConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public GpuAnalysisConfig config() {
        return config;
    }

    /** Names GPU {@code gpu} and gives its power limit (NaN when unknown) for the score. */
    public synchronized void describe(int gpu, String uuid, String name, double powerLimitWatts) {
        Gpu g = gpu(gpu);
        g.uuid = Objects.requireNonNull(uuid, "uuid");
        g.name = Objects.requireNonNull(name, "name");
        g.powerLimitWatts = powerLimitWatts;
    }

    /**
     * Records one sample. Pass {@code Double.NaN} for a metric that could not be read this time and
     * -1 for an unknown process count.
     *
     * @param gpu            NVML device index
     * @param timeNanos      monotonic time of the sample ({@link System#nanoTime()})
     * @param utilization    SM utilisation, percent
     * @param memoryUsed     device memory used, bytes
     * @param powerWatts     power draw, watts
     * @param smClockMhz     SM clock, MHz
     * @param processes      compute processes attached
     */
    public synchronized void record(int gpu, long timeNanos, double utilization, double memoryUsed,
                                    double powerWatts, double smClockMhz, int processes) {
        record(gpu, timeNanos, utilization, memoryUsed, powerWatts, smClockMhz, Double.NaN, Double.NaN, processes);
    }

    /**
     * Records one sample with temperature (°C) and memory-controller utilisation (percent) as well; NaN for what
     * could not be read. Allocation-free.
     */
    public synchronized void record(int gpu, long timeNanos, double utilization, double memoryUsed,
                                    double powerWatts, double smClockMhz, double temperatureC,
                                    double memoryUtilization, int processes) {
        Gpu g = gpu(gpu);
        if (!g.seen) {
            g.seen = true;
            g.firstNanos = timeNanos;
        }
        g.ring.add(timeNanos, utilization, memoryUsed, powerWatts, smClockMhz, temperatureC, memoryUtilization,
                processes);
    }

    private Gpu gpu(int gpu) {
        if (gpu < 0 || gpu > 4096) {
            throw new IllegalArgumentException("gpu index out of range: " + gpu);
        }
        while (gpus.size() <= gpu) {
            gpus.add(new Gpu(config.capacity()));
        }
        return gpus.get(gpu);
    }

    /** GPU indices seen so far, 0..n-1. */
    public synchronized int gpuCount() {
        return gpus.size();
    }

    /** The analysis of every GPU over the window ending at its newest sample. */
    public synchronized List<GpuUsageReport> reports() {
        List<GpuUsageReport> out = new ArrayList<>(gpus.size());
        for (int i = 0; i < gpus.size(); i++) {
            out.add(report(i));
        }
        return out;
    }

    /** The analysis of GPU {@code gpu} over the window ending at its newest sample. */
    public synchronized GpuUsageReport report(int gpu) {
        return report(gpu, config.window(), config.lowUtilizationThreshold(), config.minHistory());
    }

    /**
     * Every GPU's analysis with another window, threshold and minimum history than the configured ones (a
     * service whose settings change at run time); the window reaches back at most as far as the ring holds.
     */
    public synchronized List<GpuUsageReport> reports(Duration window, double lowThreshold, Duration minHistory) {
        List<GpuUsageReport> out = new ArrayList<>(gpus.size());
        for (int i = 0; i < gpus.size(); i++) {
            out.add(report(i, window, lowThreshold, minHistory));
        }
        return out;
    }

    private GpuUsageReport report(int gpu, Duration window, double lowThreshold, Duration minHistory) {
        Gpu g = gpu(gpu);
        SampleRing r = g.ring;
        if (r.size() == 0) {
            return new GpuUsageReport(gpu, g.uuid, g.name, 0, 0, GpuUsageReport.Stats.EMPTY, GpuUsageReport.Stats.EMPTY,
                    GpuUsageReport.Stats.EMPTY, GpuUsageReport.Stats.EMPTY, GpuUsageReport.Stats.EMPTY, GpuUsageReport.Stats.EMPTY, 0, -1, Double.NaN,
                    GpuUsageReport.Status.UNKNOWN, false);
        }
        long newest = r.time(r.slot(r.size() - 1));
        int from = r.firstAtOrAfter(newest - window.toNanos());
        int samples = r.size() - from;
        double seconds = (newest - r.time(r.slot(from))) / 1e9;
        GpuUsageReport.Stats util = r.stats(SampleRing.UTILIZATION, from);
        GpuUsageReport.Stats mem = r.stats(SampleRing.MEMORY_USED, from);
        GpuUsageReport.Stats power = r.stats(SampleRing.POWER, from);
        GpuUsageReport.Stats clock = r.stats(SampleRing.SM_CLOCK, from);
        GpuUsageReport.Stats temp = r.stats(SampleRing.TEMPERATURE, from);
        GpuUsageReport.Stats memUtil = r.stats(SampleRing.MEMORY_UTILIZATION, from);
        double history = (newest - g.firstNanos) / 1e9;
        int maxProcs = -1;
        for (int k = from; k < r.size(); k++) {
            maxProcs = Math.max(maxProcs, r.processes(r.slot(k)));
        }
        double score = score(util.mean(), power.mean(), g.powerLimitWatts);
        GpuUsageReport.Status status = status(util.mean(), mem.mean(), maxProcs);
        if (status != GpuUsageReport.Status.UNKNOWN && newest - g.firstNanos < minHistory.toNanos()) {
            status = GpuUsageReport.Status.INSUFFICIENT_HISTORY;
        }
        boolean low = status != GpuUsageReport.Status.INSUFFICIENT_HISTORY && !Double.isNaN(score)
                && score < lowThreshold;
        return new GpuUsageReport(gpu, g.uuid, g.name, samples, seconds, util, mem, power, clock, temp, memUtil,
                history, maxProcs, score, status, low);
    }

    /** The score formula of the class comment; NaN when utilisation is unknown. */
    static double score(double meanUtilization, double meanWatts, double powerLimitWatts) {
        if (Double.isNaN(meanUtilization)) {
            return Double.NaN;
        }
        double u = clamp(meanUtilization);
        if (Double.isNaN(meanWatts) || !(powerLimitWatts > 0)) {
            return u;
        }
        double p = clamp(100.0 * meanWatts / powerLimitWatts);
        return 0.7 * u + 0.3 * p;
    }

    private GpuUsageReport.Status status(double meanUtilization, double meanMemory, int maxProcesses) {
        if (Double.isNaN(meanUtilization)) {
            return GpuUsageReport.Status.UNKNOWN;
        }
        if (meanUtilization >= config.idleUtilizationPercent()) {
            return GpuUsageReport.Status.ACTIVE;
        }
        boolean memoryHeld = !Double.isNaN(meanMemory) && meanMemory >= config.zombieMemoryBytes();
        return memoryHeld || maxProcesses > 0 ? GpuUsageReport.Status.SUSPICIOUS : GpuUsageReport.Status.IDLE;
    }

    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
