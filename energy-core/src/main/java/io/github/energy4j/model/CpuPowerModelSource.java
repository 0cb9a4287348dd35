package io.github.energy4j.model;

import io.github.energy4j.internal.io.KeptFile;
import io.github.energy4j.procfs.CpuTimes;
import io.github.energy4j.procfs.ProcStatParser;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.util.List;

/**
 * The model's single zone {@code cpu-model}: a cumulative microjoule estimate integrated from the
 * model's power at each read's utilisation. Sampler thread only; allocation-free after warm-up.
 */
final class CpuPowerModelSource implements PowerSource {

    private final KeptFile stat;
    private final CpuPowerModel model;
    private final CpuTimes now = new CpuTimes();
    private final CpuTimes prev = new CpuTimes();
    private final List<Zone> zones;
    private final long ticksPerSecond;
    private boolean primed;
    private long lastNanos;
    private double microjoules;
    private String lastError = "";
    private int vcpus;

    CpuPowerModelSource(Path procfs, CpuPowerModel model) {
        this.stat = KeptFile.lazy(procfs.resolve("stat"), 64 * 1024);
        this.model = model;
        this.ticksPerSecond = io.github.energy4j.procfs.ClockTicks.perSecond();
        int n = stat.read();
        if (n > 0 && ProcStatParser.parse(stat.bytes(), n, now)) {
            vcpus = Math.max(1, now.cpuCount);
        } else {
            vcpus = Math.max(1, Runtime.getRuntime().availableProcessors());
            lastError = procfs.resolve("stat") + " is not readable: " + stat.lastError();
        }
        this.zones = List.of(new Zone("cpu-model", 0, Zone.Domain.CPU_MODEL, Zone.Kind.ENERGY_COUNTER, 1e-6, 0,
                model.maxWatts(vcpus), model.idleWatts(vcpus), true, model.description() + ", " + vcpus + " vCPUs"));
    }

    /** Empty when /proc/stat was readable at construction, else the reason. */
    String check() {
        return lastError;
    }

    @Override
    public String id() {
        return CpuPowerModelProvider.ID;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    @Override
    public int read(long[] values) {
        long t = System.nanoTime();
        int n = stat.read();
        if (n <= 0 || !ProcStatParser.parse(stat.bytes(), n, now)) {
            lastError = n <= 0 ? stat.path() + ": " + stat.lastError() : "malformed " + stat.path();
            values[0] = UNAVAILABLE;
            return 1;
        }
        if (primed) {
            long total = now.totalTicks() - prev.totalTicks();
            long busy = now.busyTicks() - prev.busyTicks();
            double seconds = (t - lastNanos) * 1e-9;
            if (total > 0 && busy >= 0 && seconds > 0) {
                double util = Math.min(1.0, (double) busy / total);
                double busyPerSec = (double) busy / ticksPerSecond / seconds;
                microjoules += model.watts(util, Math.min(vcpus, busyPerSec), vcpus) * seconds * 1e6;
            } else if (seconds > 0) {
                // no tick moved (fake or frozen root): the node is as idle as it gets
                microjoules += model.idleWatts(vcpus) * seconds * 1e6;
            }
        }
        primed = true;
        prev.copyFrom(now);
        lastNanos = t;
        values[0] = (long) microjoules;
        lastError = "";
        return 1;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stat.close();
    }
}
