package io.github.energy4j.internal;

import io.github.energy4j.AttributionLevel;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.internal.jfr.JfrEvents;
import io.github.energy4j.procfs.CpuTimes;
import io.github.energy4j.procfs.PidStat;
import io.github.energy4j.procfs.ProcessSink;
import io.github.energy4j.procfs.ProcfsScanner;
import io.github.energy4j.spi.GridIntensity;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.ProcessActivity;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadCpuReader;
import io.github.energy4j.spi.WorkloadResolver;
import io.github.energy4j.spi.Zone;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sampling tick: read every source, scan processes, turn readings into joules, attribute.
 *
 * <p>{@link #tick()} runs under {@link #lock()}; readers never take it: each tick publishes its figures through a
 * {@link FramePublisher} and readers copy them out lock-free ({@link #readFrame}, {@link #readStats}).
 * Allocation-free after warm-up as long as no new process or workload appears (new processes cost
 * their comm String and, with a resolver, its lookup).
 *
 * <p>Two attribution levels: per process (every {@code /proc/[pid]/stat} is read), or per workload when a
 * {@link WorkloadCpuReader} is given: only {@code /proc/stat} and one CPU counter per container are read, and
 * each container takes the place of a process in the engine under a negative pseudo pid. Processes outside
 * containers are then part of the unattributed energy.
 */
public final class Sampler implements ProcessSink, WorkloadCpuReader.Sink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    private static final int MAX_ACTIVITY = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final FramePublisher frames = new FramePublisher();
    private final ProcfsScanner scanner;
    private final PowerSource[] sources;
    private final int[] sourceOffset;
    private final long[][] raw;
    private final Zone[] zones;
    private final String[] zoneSource;
    private final ZoneCounter[] counters;
    private final IdleEstimator idle;
    private final double[] lastWatts;
    private final String[] zoneStatus;
    private final AttributionEngine engine;
    private final WorkloadResolver resolver;
    private final WorkloadCpuReader workloadCpu;
    private final long nanosPerTick;
    private final GridIntensity grid;
    private final int retention;
    private final int[][] activityPids;
    private final double[][] activityWeights;
    // per zone: whether its source reports per-process activity, whether it ever did (count >= 0), this
    // interval's count, and whether this process may use it (see ProcessActivity#usableByThisProcess)
    private final boolean[] activityZone;
    private final boolean[] activityReported;
    private final int[] activityNow;
    private final boolean[] selfUsable;
    private final boolean[] cpuPrimaryEstimated;
    private final int selfPid;
    private final long ticksPerSecond;
    /** Busy clock ticks an interval needs to replace the last price (see {@link #publishPrice}). */
    public static final int MIN_PRICE_TICKS = 5;
    private double lastPublishedPrice = Double.NaN;

    private final WorkloadTable workloads = new WorkloadTable();

    private boolean primed;
    private long prevBusy;
    private long prevTotal;
    /**
     * The node's CPU usage ratio of the current interval (busy over all ticks of {@code /proc/stat}), for the
     * usage-ratio idle rule; the last known one when this interval's scan failed, 0 before any.
     */
    private double usageRatio;
    private long lastTickNanos;
    private long firstTickNanos;
    // written by the tick thread alone; volatile so that health checks and callers read it without the lock
    private volatile long ticks;
    private long sourceErrors;
    private long procfsErrors;
    private long workloadCpuErrors;
    private boolean workloadCpuWarned;
    private long lastTickDurationNanos;
    private int selfSlot = -1;
    private boolean procfsWarned;
    private boolean[] sourceWarned;

    // whether any primary zone is split by CPU time (without one, CPU energy is not metered and has no price)
    private final boolean hasPricedZone;
    // this tick: a primary CPU-split zone could not be read
    private boolean intervalUnpriced;
    private double lastEngineActive;
    private boolean closed;

    // price state for scopes (writer: tick; readers: any thread, lock-free)
    private final PricePublisher price = new PricePublisher();

    // pids a device reported that exist in the proc root though the scanner does not track them (1) or not (0);
    // only used when the scanner reads this process alone, cleared every FOREIGN_PID_REFRESH_NANOS so that reused
    // pids are looked up again (a look-up allocates its path: once per pid and refresh, not per tick)
    private final LongIntHashMap foreignPidExists = new LongIntHashMap(16, -1);
    private static final long FOREIGN_PID_REFRESH_NANOS = 30_000_000_000L;
    private long foreignPidsClearedAt;

    // this process on activity zones: ever seen in a list; estimated joules so far
    private boolean selfEverInActivity;
    private double selfGpuEstimatedJoules;

    /**
     * @param sources    opened sources (owned by the sampler from now on)
     * @param scanner    procfs scanner
     * @param idlePolicy idle policy for every zone
     * @param resolver   workload resolver, or null
     * @param grid       grid intensity, or null
     * @param retention  intervals an exited process keeps its totals
     */
    public Sampler(List<PowerSource> sources, ProcfsScanner scanner, IdlePolicy idlePolicy, WorkloadResolver resolver,
                   GridIntensity grid, int retention) {
        this(sources, scanner, idlePolicy, resolver, null, grid, retention);
    }

    /**
     * @param workloadCpu per-workload CPU counters to attribute by instead of per-process times, or null for
     *                    process-level attribution (owned by the sampler from now on)
     */
    public Sampler(List<PowerSource> sources, ProcfsScanner scanner, IdlePolicy idlePolicy, WorkloadResolver resolver,
                   WorkloadCpuReader workloadCpu, GridIntensity grid, int retention) {
        this.scanner = scanner;
        this.workloadCpu = workloadCpu;
        this.sources = sources.toArray(new PowerSource[0]);
        this.sourceOffset = new int[this.sources.length];
        this.raw = new long[this.sources.length][];
        this.sourceWarned = new boolean[this.sources.length];
        List<Zone> all = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < this.sources.length; i++) {
            sourceOffset[i] = all.size();
            List<Zone> zs = this.sources[i].zones();
            raw[i] = new long[zs.size()];
            all.addAll(zs);
            for (int k = 0; k < zs.size(); k++) {
                ids.add(this.sources[i].id());
            }
        }
        this.zones = all.toArray(new Zone[0]);
        this.zoneSource = ids.toArray(new String[0]);
        this.counters = new ZoneCounter[zones.length];
        for (int z = 0; z < zones.length; z++) {
            counters[z] = new ZoneCounter(zones[z]);
        }
        this.lastWatts = new double[zones.length];
        Arrays.fill(lastWatts, Double.NaN);
        this.zoneStatus = new String[zones.length];
        Arrays.fill(zoneStatus, "");
        this.retention = retention;
        // Kepler's usage-ratio rule lets the processes share all active energy; at container level the containers
        // are not all the node's processes, so the node's busy ticks stay the divisor there
        this.engine = new AttributionEngine(zones.length, primaryZones(this.zones), retention, 1024,
                idlePolicy instanceof IdlePolicy.UsageRatio && workloadCpu == null);
        this.resolver = resolver;
        this.grid = grid;
        this.activityPids = new int[zones.length][];
        this.activityWeights = new double[zones.length][];
        for (int z = 0; z < zones.length; z++) {
            activityPids[z] = new int[MAX_ACTIVITY];
            activityWeights[z] = new double[MAX_ACTIVITY];
        }
        this.activityZone = new boolean[zones.length];
        this.idle = new IdleEstimator(idlePolicy, zones, activityZone);
        this.activityReported = new boolean[zones.length];
        this.activityNow = new int[zones.length];
        Arrays.fill(activityNow, -1);
        this.selfUsable = new boolean[zones.length];
        for (int s = 0; s < this.sources.length; s++) {
            if (this.sources[s] instanceof ProcessActivity) {
                ProcessActivity pa = (ProcessActivity) this.sources[s];
                for (int i = 0; i < raw[s].length; i++) {
                    int z = sourceOffset[s] + i;
                    activityZone[z] = true;
                    try {
                        selfUsable[z] = pa.usableByThisProcess(i);
                    } catch (RuntimeException e) {
                        LOG.debug("usableByThisProcess failed for zone {}", zones[z].name(), e);
                    }
                }
            }
        }
        boolean priceable = false;
        for (int z = 0; z < zones.length; z++) {
            priceable |= engine.isPrimary(z) && !activityZone[z];
        }
        this.hasPricedZone = priceable;
        this.cpuPrimaryEstimated = new boolean[] {false};
        for (int z = 0; z < zones.length; z++) {
            if (engine.isPrimary(z) && zones[z].group() == Zone.Group.CPU && zones[z].estimated()) {
                cpuPrimaryEstimated[0] = true;
            }
        }
        this.selfPid = (int) ProcessHandle.current().pid();
        this.ticksPerSecond = io.github.energy4j.procfs.ClockTicks.perSecond();
        this.nanosPerTick = Math.max(1, 1_000_000_000L / ticksPerSecond);
    }

    /**
     * Decides which zones form the non-overlapping set that process totals sum: package and dram when
     * packages exist, else psys, else the CPU model; every GPU; platform only when nothing else exists
     * (it contains all the others). Core and uncore are inside package and never primary.
     */
    public static boolean[] primaryZones(Zone[] zones) {
        boolean hasPackage = false;
        boolean hasPsys = false;
        boolean hasCpuOrGpu = false;
        for (Zone z : zones) {
            hasPackage |= z.domain() == Zone.Domain.PACKAGE;
            hasPsys |= z.domain() == Zone.Domain.PSYS;
            hasCpuOrGpu |= z.group() != Zone.Group.PLATFORM;
        }
        boolean[] p = new boolean[zones.length];
        for (int i = 0; i < zones.length; i++) {
            switch (zones[i].domain()) {
                case PACKAGE:
                case DRAM:
                    p[i] = true;
                    break;
                case PSYS:
                    p[i] = !hasPackage;
                    break;
                case CPU_MODEL:
                    p[i] = !hasPackage && !hasPsys;
                    break;
                case GPU:
                    p[i] = true;
                    break;
                case PLATFORM:
                    p[i] = !hasCpuOrGpu;
                    break;
                default:
                    p[i] = false;
            }
        }
        return p;
    }

    public ReentrantLock lock() {
        return lock;
    }

    public AttributionEngine engine() {
        return engine;
    }

    public Zone[] zones() {
        return zones;
    }

    public String zoneSource(int z) {
        return zoneSource[z];
    }

    public String zoneStatus(int z) {
        return zoneStatus[z];
    }

    public double zoneWatts(int z) {
        return lastWatts[z];
    }

    public long ticks() {
        return ticks;
    }

    public long elapsedNanos() {
        return ticks == 0 ? 0 : lastTickNanos - firstTickNanos;
    }

    public long sourceErrors() {
        return sourceErrors;
    }

    public long procfsErrors() {
        return procfsErrors;
    }

    /** Samples in which the per-workload CPU counters could not be read. */
    public long workloadCpuErrors() {
        return workloadCpuErrors;
    }

    /** Container level when attributing by per-workload CPU counters, else process level. */
    public AttributionLevel attributionLevel() {
        return workloadCpu != null ? AttributionLevel.CONTAINER : AttributionLevel.PROCESS;
    }

    /** Workloads currently known. */
    public int workloadsTracked() {
        return workloads.size();
    }

    /** Counter wraps undone over all zones since start (reader, under the lock). */
    public long counterWraps() {
        long n = 0;
        for (ZoneCounter c : counters) {
            n += c.wraps();
        }
        return n;
    }

    /** Backward or impossible counter jumps that started a new baseline, over all zones (under the lock). */
    public long counterResets() {
        long n = 0;
        for (ZoneCounter c : counters) {
            n += c.resets();
        }
        return n;
    }

    /** Zone readings that were unavailable, over all zones (under the lock). */
    public long unavailableReadings() {
        long n = 0;
        for (ZoneCounter c : counters) {
            n += c.unavailableReadings();
        }
        return n;
    }

    public long lastTickDurationNanos() {
        return lastTickDurationNanos;
    }

    public ProcfsScanner scanner() {
        return scanner;
    }

    public GridIntensity grid() {
        return grid;
    }

    /** Whether a primary zone is split by CPU time, so that scopes can have a CPU price at all. */
    public boolean hasPricedZone() {
        return hasPricedZone;
    }

    /** Whether the CPU figures behind process energy are model estimates. */
    public boolean cpuEstimated() {
        return cpuPrimaryEstimated[0];
    }

    /** The workload at an index (reader, under the lock). */
    public Workload workload(int index) {
        return workloads.get(index);
    }

    public int workloadLimit() {
        return workloads.limit();
    }

    /**
     * Copies the figures of the last tick into {@code out} without taking the tick's lock: a reader is never held
     * up by a tick (or a slow source read in it). Any thread; allocation-free once {@code out} has grown.
     */
    public void readFrame(FrameData out) {
        frames.read(out);
    }

    /** Copies the self-metrics of the last tick into {@code out} ({@link FrameData#STATS} long), lock-free. */
    public void readStats(long[] out) {
        frames.readStats(out);
    }

    /** Busy CPU seconds a scope's span needs to be priced by itself rather than by the last interval's price. */
    public double minPricedBusySeconds() {
        return (double) MIN_PRICE_TICKS / ticksPerSecond;
    }

    /**
     * When no tick is running: re-asks the resolver for fresher metadata of every workload and publishes the
     * frame again, so a snapshot shows metadata that arrived since the last tick. Never waits for the lock: during
     * a tick it does nothing (the tick publishes anyway). Cold path, any thread.
     */
    public void refreshWorkloadsIfIdle() {
        if (resolver == null || ticks == 0 || !lock.tryLock()) {
            return;
        }
        try {
            workloads.refresh(resolver);
            frames.publish(this);
        } finally {
            lock.unlock();
        }
    }

    /** Runs one sampling tick. */
    public void tick() {
        lock.lock();
        try {
            tickLocked();
        } finally {
            lock.unlock();
        }
    }

    private void tickLocked() {
        final long now = System.nanoTime();
        intervalUnpriced = false;
        engine.beginInterval();
        int scanned;
        if (workloadCpu == null) {
            scanned = scanner.scan(this);
        } else {
            scanned = scanner.scanCpuOnly() ? readWorkloadCpu() : -1;
        }
        long busyDelta = 0;
        if (scanned < 0) {
            procfsErrors++;
            if (!procfsWarned) {
                procfsWarned = true;
                LOG.warn("cannot read processes: {} (energy stays in 'unattributed' until it is readable)",
                        scanner.lastError());
            } else {
                LOG.debug("cannot read processes: {}", scanner.lastError());
            }
        } else {
            CpuTimes cpu = scanner.cpuTimes();
            long busy = cpu.busyTicks();
            long total = busy + cpu.idleTicks();
            busyDelta = primed ? Math.max(0, busy - prevBusy) : 0;
            long totalDelta = primed ? total - prevTotal : 0;
            if (totalDelta > 0) {
                usageRatio = Math.min(1.0, (double) busyDelta / totalDelta);
            }
            prevBusy = busy;
            prevTotal = total;
        }
        double seconds = primed ? (now - lastTickNanos) * 1e-9 : 0;
        for (int s = 0; s < sources.length; s++) {
            readSource(s, now, seconds);
        }
        double gramsPerJoule = Double.NaN;
        if (grid != null) {
            try {
                gramsPerJoule = grid.gramsPerKwh(System.currentTimeMillis()) * grid.pue() / 3.6e6;
            } catch (RuntimeException e) {
                LOG.debug("grid intensity failed", e);
            }
        }
        engine.endInterval(busyDelta, gramsPerJoule);
        workloads.retire(engine, retention);
        if (!primed) {
            primed = true;
            firstTickNanos = now;
        }
        lastTickNanos = now;
        ticks++;
        publishPrice(busyDelta, gramsPerJoule);
        if (JfrEvents.recording()) {
            emitZonePower();
        }
        lastTickDurationNanos = System.nanoTime() - now;
        frames.publish(this);
    }

    /** One JFR zone-power event per zone (only while a recording runs). */
    private void emitZonePower() {
        for (int z = 0; z < zones.length; z++) {
            Zone zone = zones[z];
            JfrEvents.zonePower(zone.name(), zone.domain().tag(), zoneSource[z], zone.estimated(), engine.isPrimary(z),
                    lastWatts[z], engine.zoneJoules(z));
        }
    }

    private void readSource(int s, long now, double seconds) {
        PowerSource src = sources[s];
        long[] r = raw[s];
        int n;
        String thrown = null; // a source that throws has not updated its lastError()
        try {
            n = src.read(r);
        } catch (RuntimeException e) {
            n = PowerSource.READ_FAILED;
            thrown = src.id() + " read threw " + e;
        }
        if (n < 0) {
            Arrays.fill(r, PowerSource.UNAVAILABLE);
            n = r.length;
        }
        int base = sourceOffset[s];
        if (src instanceof ProcessActivity) {
            // before the energy: whether a zone had a process this interval decides what its idle learns
            readActivity((ProcessActivity) src, base, r.length, now);
        }
        boolean failed = false;
        for (int i = 0; i < r.length; i++) {
            int z = base + i;
            long v = i < n ? r[i] : PowerSource.UNAVAILABLE;
            double j = counters[z].update(v, now);
            if (Double.isNaN(j)) {
                failed = true;
                if (engine.isPrimary(z) && !activityZone[z]) {
                    intervalUnpriced = true;
                }
                if (zoneStatus[z].isEmpty() || thrown != null) {
                    zoneStatus[z] = "unreadable: " + (thrown != null ? thrown : src.lastError());
                }
                engine.zoneEnergy(z, Double.NaN, 0);
                continue;
            }
            if (!zoneStatus[z].isEmpty()) {
                zoneStatus[z] = "";
            }
            double watts = seconds > 0 ? j / seconds : Double.NaN;
            engine.zoneEnergy(z, j, idle.idleJoules(z, j, seconds, watts, usageRatio, idleCanLearn(z)));
            if (seconds > 0) {
                lastWatts[z] = watts;
            }
        }
        if (failed) {
            sourceErrors++;
            if (!sourceWarned[s]) {
                sourceWarned[s] = true;
                LOG.warn("source {} could not read a zone: {} (run 'energy4j doctor')", src.id(),
                        thrown != null ? thrown : src.lastError());
            }
        }
    }

    private void readActivity(ProcessActivity pa, int base, int n, long now) {
        final int self = selfPid;
        for (int i = 0; i < n; i++) {
            int z = base + i;
            int count;
            try {
                count = pa.readActivity(i, activityPids[z], activityWeights[z]);
            } catch (RuntimeException e) {
                count = -1;
            }
            if (count >= 0) {
                count = Math.min(count, MAX_ACTIVITY);
                activityReported[z] = true;
                if (!scanner.listsProcesses()) {
                    markUntrackedPids(activityPids[z], count, now);
                }
                engine.zoneActivity(z, activityPids[z], activityWeights[z], count);
                final int[] pids = activityPids[z];
                for (int k = 0; k < count; k++) {
                    if (pids[k] == self) {
                        selfEverInActivity = true;
                    }
                }
            }
            activityNow[z] = count;
        }
    }

    /**
     * A meter that reads only its own process would see every other GPU process as a pid of another pid
     * namespace and credit its share to itself; pids that exist in our proc root are replaced by 0 (known, not
     * tracked: unattributed). Lookups are cached per pid and the cache is cleared every 30 s.
     */
    private void markUntrackedPids(int[] pids, int count, long now) {
        if (now - foreignPidsClearedAt > FOREIGN_PID_REFRESH_NANOS) {
            foreignPidExists.clear();
            foreignPidsClearedAt = now;
        }
        for (int k = 0; k < count; k++) {
            int pid = pids[k];
            if (pid == selfPid || pid <= 0) {
                continue;
            }
            int known = foreignPidExists.get(pid);
            if (known < 0) {
                known = scanner.pidExists(pid) ? 1 : 0;
                foreignPidExists.put(pid, known);
            }
            if (known == 1) {
                pids[k] = 0;
            }
        }
    }

    /**
     * Whether the interval just read may lower the zone's min-observed idle power: every interval for
     * zones split by CPU time (and activity zones whose source never told their activity); for activity
     * zones only an interval with no process on the zone.
     */
    private boolean idleCanLearn(int z) {
        if (!activityZone[z]) {
            return true;
        }
        int count = activityNow[z];
        return count == 0 || (count < 0 && !activityReported[z]);
    }

    /** Feeds every workload's CPU counter to the engine; returns how many, never negative. */
    private int readWorkloadCpu() {
        int n;
        try {
            n = workloadCpu.read(this);
        } catch (RuntimeException e) {
            n = WorkloadCpuReader.UNAVAILABLE;
        }
        if (n < 0) {
            workloadCpuErrors++;
            if (!workloadCpuWarned) {
                workloadCpuWarned = true;
                LOG.warn("cannot read container CPU counters: {} (their energy stays in 'unattributed')",
                        workloadCpu.lastError());
            } else {
                LOG.debug("cannot read container CPU counters: {}", workloadCpu.lastError());
            }
            return 0;
        }
        return n;
    }

    @Override
    public void workloadCpu(Workload workload, long cpuNanos) {
        if (workload == null || workload.isHost() || cpuNanos < 0) {
            return;
        }
        int w = workloads.indexOf(workload);
        // the container stands in for a process: a negative pid no real process has, and a generation as start
        // time so that a reused index starts a new identity
        int slot = engine.observe(-(w + 1), workloads.generation(w), cpuNanos / nanosPerTick);
        if (engine.isNew(slot)) {
            Map<String, String> labels = workload.labels();
            String name = labels.getOrDefault("container", workload.id());
            engine.identify(slot, name, w);
        }
    }

    @Override
    public void process(PidStat stat, byte[] buf) {
        int slot = engine.observe(stat.pid, stat.startTime, stat.cpuTicks());
        if (engine.isNew(slot)) {
            String comm = new String(buf, stat.commFrom, stat.commTo - stat.commFrom, StandardCharsets.UTF_8);
            engine.identify(slot, comm, resolveWorkload(stat.pid, stat.startTime));
        }
        if (stat.pid == selfPid) {
            selfSlot = slot;
        }
    }

    private int resolveWorkload(int pid, long startTime) {
        if (resolver == null) {
            return AttributionEngine.NO_WORKLOAD;
        }
        Workload w;
        try {
            w = resolver.resolve(pid, startTime);
        } catch (RuntimeException e) {
            LOG.debug("workload resolver failed for pid {}", pid, e);
            return AttributionEngine.NO_WORKLOAD;
        }
        if (w == null || w.isHost()) {
            return AttributionEngine.NO_WORKLOAD;
        }
        return workloads.indexOf(w);
    }

    private void publishPrice(long busyDelta, double gramsPerJoule) {
        // a scope's price is active joules per busy CPU-second over the intervals it spans; an interval in which
        // a primary CPU-split zone was unreadable has busy seconds without their energy, so it is left out of both
        // sums (a scope spanning only such intervals takes the last complete interval's price)
        double activeNow = engine.primaryActiveJoulesTotal();
        double intervalActive = activeNow - lastEngineActive;
        lastEngineActive = activeNow;
        double intervalBusy = (double) busyDelta / ticksPerSecond;
        boolean priced = hasPricedZone && !intervalUnpriced;
        double active = priced ? price.activeJoules() + intervalActive : price.activeJoules();
        double busySeconds = priced ? price.busySeconds() + intervalBusy : price.busySeconds();
        double gpu = 0;
        int self = selfSlot;
        if (self >= 0 && engine.inUse(self) && engine.pid(self) == selfPid) {
            for (int z = 0; z < zones.length; z++) {
                if (zones[z].domain() == Zone.Domain.GPU) {
                    gpu += engine.processJoules(self, z);
                }
            }
        }
        double estimatedBefore = selfGpuEstimatedJoules;
        estimateSelfGpu();
        boolean credited = selfGpuEstimatedJoules > estimatedBefore;
        // an interval with a few busy ticks prices badly: its energy and its busy time come from reads a few
        // microseconds apart, so one 10 ms tick on either side can turn the price to 0 or double it. Once a price
        // is known, only intervals with enough busy ticks replace it; before, any busy interval gives the first
        boolean enough = busyDelta >= MIN_PRICE_TICKS || Double.isNaN(lastPublishedPrice);
        double lastPrice = priced && busyDelta > 0 && intervalBusy > 0 && enough
                ? intervalActive / intervalBusy : Double.NaN;
        if (!Double.isNaN(lastPrice)) {
            lastPublishedPrice = lastPrice;
        }
        price.publish(active, busySeconds, lastPrice, gramsPerJoule, gpu + selfGpuEstimatedJoules, credited);
    }

    /**
     * This process in another pid namespace than the one its GPU source reports pids in (a container
     * without hostPID): its own pid is never in the device's process lists, and its work shows up
     * under a host pid that our process table does not have. While this process has never been found
     * in any list (this interval's included), the share of such unknown pids on the zones it may
     * use is credited to it as an estimate. It never applies to pids in our process table, so a meter
     * that sees every pid (the agent with hostPID) gets no estimate from it. The node's figures do not
     * change: that energy stays unattributed there.
     */
    private void estimateSelfGpu() {
        if (selfEverInActivity) {
            return;
        }
        for (int z = 0; z < zones.length; z++) {
            if (selfUsable[z] && activityNow[z] > 0) {
                selfGpuEstimatedJoules += engine.intervalUnknownPidJoules(z);
            }
        }
    }

    /**
     * Copies the published price state into {@code out}: [active joules, busy CPU seconds, last interval
     * joules per CPU-second, grams per joule, own-process GPU joules (estimated part included), the
     * {@code System.nanoTime()} of the last publication that credited an estimated GPU share to this
     * process, as a double, or -infinity]. Any thread; lock-free.
     */
    public void readPrice(double[] out) {
        price.read(out);
    }

    /** Closes every source, the scanner and the resolver. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PowerSource s : sources) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing {} failed", s.id(), e);
                }
            }
            scanner.close();
            if (workloadCpu != null) {
                try {
                    workloadCpu.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing workload CPU reader failed", e);
                }
            }
            if (resolver != null) {
                try {
                    resolver.close();
                } catch (Exception e) {
                    LOG.debug("closing resolver failed", e);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
