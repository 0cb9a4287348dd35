package io.github.energy4j.nvml.source;

import io.github.energy4j.nvml.GpuDevice;
import io.github.energy4j.nvml.internal.NvmlLibrary;
import io.github.energy4j.nvml.internal.NvmlReturn;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.ProcessActivity;
import io.github.energy4j.spi.Zone;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened NVML source: one zone per GPU, plus per-process activity for the core's attribution.
 *
 * <p>{@link #read(long[])} writes the raw millijoule counter (energy zones) or microwatts (gauge
 * zones), or {@link PowerSource#UNAVAILABLE} for a GPU that failed this sample (lost, reset,
 * transient error) with the reason in {@link #lastError()}.
 *
 * <p>{@link #readActivity(int, int[], double[])} weights processes by the SM utilisation NVML
 * sampled since the previous call ({@code nvmlDeviceGetProcessUtilization} with the last-seen
 * timestamp, so each sample counts once): weight = sum of SM percent over the new samples. When the
 * driver has no per-process utilisation (or no new samples with SM activity), running compute
 * processes share equally; with no compute process it returns 0 entries.
 *
 * <p>Sampler thread only; allocation-free after warm-up except on a failed read (the error text is
 * built once per change of error).
 */
public final class NvmlPowerSource implements PowerSource, ProcessActivity {

    private static final Logger LOG = LoggerFactory.getLogger(NvmlPowerSource.class);

    private final String id;
    private final NvmlLibrary nvml;
    private final List<Zone> zones;
    private final List<GpuDevice> devices;
    private final boolean[] energyCounter;
    private final boolean[] perProcessSupported;
    private final long[] lastSeenMicros;
    private final int[] lastRc;          // per zone: last code of read()
    private final int[] lastUtilRc;      // per zone: last code of nvmlDeviceGetProcessUtilization
    private final int[] lastProcsRc;     // per zone: last code of the compute process list
    private final boolean[] warned;
    private final boolean[] usableByThisProcess;
    private String lastError = "";
    private long errors;

    NvmlPowerSource(String id, NvmlLibrary nvml, List<Zone> zones) {
        this(id, nvml, zones, new boolean[zones.size()]);
    }

    /**
     * @param usableByThisProcess per zone, whether this process may run work on the GPU (see
     *                            {@link NvmlPowerSourceProvider#usableByThisProcess(String, String, List)})
     */
    NvmlPowerSource(String id, NvmlLibrary nvml, List<Zone> zones, boolean[] usableByThisProcess) {
        this.id = id;
        this.usableByThisProcess = usableByThisProcess.clone();
        this.nvml = nvml;
        this.zones = zones;
        this.devices = nvml.devices();
        int n = zones.size();
        this.energyCounter = new boolean[n];
        this.perProcessSupported = new boolean[n];
        this.lastSeenMicros = new long[n];
        this.lastRc = new int[n];
        this.lastUtilRc = new int[n];
        this.lastProcsRc = new int[n];
        this.warned = new boolean[n];
        for (int i = 0; i < n; i++) {
            energyCounter[i] = devices.get(i).energyCounter();
            perProcessSupported[i] = nvml.symbols().processUtilization();
        }
        for (String line : nvml.skipped()) {
            LOG.warn("{}", line);
        }
        for (GpuDevice d : devices) {
            if (d.migEnabled()) {
                LOG.info("GPU {} ({}) is in MIG mode: its energy is reported for the whole GPU and shared across "
                        + "its compute processes without a per-instance split", d.index(), d.uuid());
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    /** What NVML reported about each GPU at open, in zone order. */
    public List<GpuDevice> devices() {
        return devices;
    }

    /** Failed NVML calls on the sampler path since open (zone reads and activity reads). */
    public long errorCount() {
        return errors;
    }

    @Override
    public int read(long[] values) {
        if (nvml.isClosed()) {
            return READ_FAILED;
        }
        final NvmlLibrary s = nvml;
        final int n = zones.size();
        for (int i = 0; i < n; i++) {
            int rc;
            long v;
            if (energyCounter[i]) {
                rc = s.totalEnergy(i);
                v = s.longValue();
            } else {
                rc = s.powerUsage(i);
                v = (s.intValue() & 0xFFFFFFFFL) * 1000L;
            }
            if (rc == NvmlReturn.SUCCESS) {
                values[i] = v;
                lastRc[i] = NvmlReturn.SUCCESS;
            } else {
                values[i] = UNAVAILABLE;
                failed(i, energyCounter[i] ? "nvmlDeviceGetTotalEnergyConsumption" : "nvmlDeviceGetPowerUsage", rc,
                        lastRc);
            }
        }
        return n;
    }

    /**
     * Counts a failed call and, only when {@code rc} differs from the previous code of the same call
     * ({@code last[zone]}), builds the message and logs it: a persistent failure costs no allocation
     * and no log line per sample.
     */
    private void failed(int zone, String function, int rc, int[] last) {
        errors++;
        if (last[zone] == rc) {
            return;
        }
        last[zone] = rc;
        lastError = zones.get(zone).name() + ": " + NvmlReturn.describe(function, rc, NvmlLibrary.errorString(rc))
                + "; " + NvmlReturn.remedy(rc);
        if (!warned[zone]) {
            warned[zone] = true;
            LOG.warn("{}", lastError);
        } else {
            LOG.debug("{}", lastError);
        }
    }

    @Override
    public String lastError() {
        for (int z = 0; z < lastRc.length; z++) {
            if (lastRc[z] != NvmlReturn.SUCCESS || lastUtilRc[z] != NvmlReturn.SUCCESS
                    || lastProcsRc[z] != NvmlReturn.SUCCESS) {
                return lastError;
            }
        }
        return "";
    }

    @Override
    public int readActivity(int zoneIndex, int[] pids, double[] weights) {
        if (nvml.isClosed() || zoneIndex < 0 || zoneIndex >= zones.size()) {
            return -1;
        }
        final NvmlLibrary s = nvml;
        int n = 0;
        double total = 0;
        if (perProcessSupported[zoneIndex]) {
            int rc = s.processUtilization(zoneIndex, lastSeenMicros[zoneIndex]);
            if (rc == NvmlReturn.SUCCESS) {
                int count = s.intValue();
                long seen = lastSeenMicros[zoneIndex];
                long newest = seen;
                for (int k = 0; k < count; k++) {
                    long ts = s.sampleTimestamp(k);
                    if (ts <= seen) {
                        continue; // some drivers repeat the boundary sample
                    }
                    newest = Math.max(newest, ts);
                    int sm = s.sampleSm(k);
                    if (sm <= 0 || sm > 100) {
                        continue;
                    }
                    n = add(pids, weights, n, s.samplePid(k), sm);
                    total += sm;
                }
                lastSeenMicros[zoneIndex] = newest;
                lastUtilRc[zoneIndex] = NvmlReturn.SUCCESS;
            } else if (NvmlReturn.isUnsupported(rc)) {
                perProcessSupported[zoneIndex] = false;
                lastUtilRc[zoneIndex] = NvmlReturn.SUCCESS;
            } else if (rc == NvmlReturn.NOT_FOUND) {
                lastUtilRc[zoneIndex] = NvmlReturn.SUCCESS; // no new samples
            } else {
                failed(zoneIndex, "nvmlDeviceGetProcessUtilization", rc, lastUtilRc);
            }
        }
        if (n > 0 && total > 0) {
            return n;
        }
        int rc = s.computeProcesses(zoneIndex);
        if (rc != NvmlReturn.SUCCESS) {
            if (!NvmlReturn.isUnsupported(rc)) {
                failed(zoneIndex, "nvmlDeviceGetComputeRunningProcesses", rc, lastProcsRc);
            }
            return -1;
        }
        lastProcsRc[zoneIndex] = NvmlReturn.SUCCESS;
        int count = Math.min(s.processCount(), pids.length);
        for (int k = 0; k < count; k++) {
            pids[k] = s.processPid(k);
            weights[k] = 1.0;
        }
        return count;
    }

    /** Whether this process may use the GPU of {@code zoneIndex} (CUDA_VISIBLE_DEVICES, NVIDIA_VISIBLE_DEVICES). */
    @Override
    public boolean usableByThisProcess(int zoneIndex) {
        return zoneIndex >= 0 && zoneIndex < usableByThisProcess.length && usableByThisProcess[zoneIndex];
    }

    private static int add(int[] pids, double[] weights, int n, int pid, double weight) {
        for (int j = 0; j < n; j++) {
            if (pids[j] == pid) {
                weights[j] += weight;
                return n;
            }
        }
        if (n == pids.length) {
            return n; // caller's arrays are full; the remaining processes are left out of this interval
        }
        pids[n] = pid;
        weights[n] = weight;
        return n + 1;
    }

    @Override
    public void close() {
        nvml.close();
    }
}
