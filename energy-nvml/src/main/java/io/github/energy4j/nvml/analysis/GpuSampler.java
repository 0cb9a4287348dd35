package io.github.energy4j.nvml.analysis;

import io.github.energy4j.nvml.GpuDevice;
import io.github.energy4j.nvml.internal.NvmlNative;
import io.github.energy4j.nvml.internal.NvmlReturn;
import io.github.energy4j.nvml.internal.NvmlLibrary;
import io.github.energy4j.spi.EnergySourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every GPU's utilisation, memory, power, SM clock and compute processes through its own
 * NVML handle and feeds a {@link GpuUsageAnalyzer}. A metric NVML does not offer is recorded as
 * unavailable (NaN); the other metrics go on. Meant for a monitor loop at about 1 Hz on one thread.
 *
 * <pre>{@code
 * try (GpuSampler sampler = GpuSampler.open("libnvidia-ml.so.1", analyzer)) {
 *     sampler.sample(System.nanoTime());
 *     List<GpuUsageReport> reports = analyzer.reports();
 * }
 * }</pre>
 */
public final class GpuSampler implements AutoCloseable {

    private final NvmlLibrary nvml;
    private final GpuUsageAnalyzer analyzer;
    private final long[] lastSeenMicros;
    private final long[] lastEnergyMj;
    private final long[] lastEnergyNanos;
    private List<GpuUsageReport.ProcessUsage> processes = List.of();

    private GpuSampler(NvmlLibrary nvml, GpuUsageAnalyzer analyzer) {
        this.nvml = nvml;
        this.analyzer = analyzer;
        int n = nvml.devices().size();
        this.lastSeenMicros = new long[n];
        this.lastEnergyMj = new long[n];
        this.lastEnergyNanos = new long[n];
        for (int i = 0; i < nvml.nvmlDeviceCount(); i++) {
            analyzer.describe(i, "", "unavailable", Double.NaN); // a GPU left out at open stays "unknown"
        }
        for (int p = 0; p < n; p++) {
            GpuDevice d = nvml.devices().get(p);
            analyzer.describe(d.index(), d.uuid(), d.name(), d.powerLimitWatts());
            lastEnergyMj[p] = -1;
        }
    }

    /**
     * Opens NVML from {@code library}.
     *
     * @throws EnergySourceException when NVML is missing or fails, with a remedy
     */
    public static GpuSampler open(String library, GpuUsageAnalyzer analyzer) throws EnergySourceException {
        return new GpuSampler(NvmlLibrary.open(library), analyzer);
    }

    public List<GpuDevice> devices() {
        return nvml.devices();
    }

    /** GPUs NVML refused at open (lost, no permission), one line each with the reason; they are not analysed. */
    public List<String> skipped() {
        return nvml.skipped();
    }

    /** Samples every GPU once at {@code nowNanos} (monotonic). */
    public void sample(long nowNanos) {
        List<GpuUsageReport.ProcessUsage> procs = new ArrayList<>();
        List<GpuDevice> devices = nvml.devices();
        for (int i = 0; i < devices.size(); i++) { // i: position for the NVML calls
            GpuDevice d = devices.get(i);
            double util = Double.NaN;
            double memUtil = Double.NaN;
            if (nvml.utilization(i) == NvmlReturn.SUCCESS) {
                util = nvml.intValue();
                memUtil = nvml.memoryUtilization();
            }
            double mem = nvml.memory(i) == NvmlReturn.SUCCESS ? nvml.memoryUsedBytes() : Double.NaN;
            double clock = nvml.clock(i, NvmlNative.CLOCK_SM) == NvmlReturn.SUCCESS ? nvml.intValue() : Double.NaN;
            double temp = nvml.temperature(i) == NvmlReturn.SUCCESS ? nvml.intValue() : Double.NaN;
            double watts = power(i, nowNanos);
            int count = processes(i, d.index(), procs);
            analyzer.record(d.index(), nowNanos, util, mem, watts, clock, temp, memUtil, count);
        }
        processes = List.copyOf(procs);
    }

    private double power(int i, long nowNanos) {
        if (nvml.powerUsage(i) == NvmlReturn.SUCCESS) {
            return (nvml.intValue() & 0xFFFFFFFFL) / 1000.0;
        }
        // No gauge: the energy counter's slope since the previous sample.
        if (nvml.totalEnergy(i) != NvmlReturn.SUCCESS) {
            return Double.NaN;
        }
        long mj = nvml.longValue();
        double watts = Double.NaN;
        if (lastEnergyMj[i] >= 0 && nowNanos > lastEnergyNanos[i] && mj >= lastEnergyMj[i]) {
            watts = (mj - lastEnergyMj[i]) / 1000.0 / ((nowNanos - lastEnergyNanos[i]) / 1e9);
        }
        lastEnergyMj[i] = mj;
        lastEnergyNanos[i] = nowNanos;
        return watts;
    }

    private int processes(int gpu, int nvmlIndex, List<GpuUsageReport.ProcessUsage> out) {
        int rc = nvml.computeProcesses(gpu);
        if (rc != NvmlReturn.SUCCESS) {
            return -1;
        }
        int n = nvml.processCount();
        int[] pids = new int[n];
        long[] mem = new long[n];
        for (int k = 0; k < n; k++) {
            pids[k] = nvml.processPid(k);
            mem[k] = nvml.processMemory(k);
        }
        double[] smSum = new double[n];
        int[] smCount = new int[n];
        if (nvml.processUtilization(gpu, lastSeenMicros[gpu]) == NvmlReturn.SUCCESS) {
            int samples = nvml.intValue();
            long newest = lastSeenMicros[gpu];
            for (int s = 0; s < samples; s++) {
                long ts = nvml.sampleTimestamp(s);
                if (ts <= lastSeenMicros[gpu]) {
                    continue;
                }
                newest = Math.max(newest, ts);
                int pid = nvml.samplePid(s);
                for (int k = 0; k < n; k++) {
                    if (pids[k] == pid) {
                        smSum[k] += nvml.sampleSm(s);
                        smCount[k]++;
                    }
                }
            }
            lastSeenMicros[gpu] = newest;
        }
        for (int k = 0; k < n; k++) {
            out.add(new GpuUsageReport.ProcessUsage(pids[k], nvmlIndex, smCount[k] == 0 ? 0 : smSum[k] / smCount[k],
                    mem[k] < 0 ? -1 : mem[k]));
        }
        return n;
    }

    /** Compute processes seen at the last {@link #sample(long)}, for pod and namespace aggregation. */
    public List<GpuUsageReport.ProcessUsage> processes() {
        return processes;
    }

    @Override
    public void close() {
        nvml.close();
    }
}
