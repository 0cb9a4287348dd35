package io.github.energy4j.internal;

import io.github.energy4j.internal.LongIntHashMap;
import java.util.Arrays;

/**
 * Splits each zone's energy of an interval into idle, per-process active and unattributed energy,
 * and keeps cumulative joules per process, per workload and per zone.
 *
 * <p>Invariant, for every zone at every point in time:
 * {@code sum(process joules) + unattributed + idle = zone joules}, with every term {@code >= 0}.
 * Processes are identified by (pid, start time), so a reused pid is a new process. A process that
 * exits keeps its totals for {@code retentionIntervals} intervals, then its slot is reused.
 *
 * <p>Use per interval: {@link #beginInterval()}, {@link #observe(int, long, long)} for every live
 * process, {@link #zoneEnergy(int, double, double)} for every zone, optionally
 * {@link #zoneActivity(int, int[], double[], int)}, then {@link #endInterval(long, double)}.
 *
 * <p>Single writer; allocation-free after warm-up (tables grow only when more processes are live
 * than ever before).
 */
public final class AttributionEngine {

    /** Workload index of processes that belong to no workload. */
    public static final int NO_WORKLOAD = -1;

    private final int zones;
    private final boolean[] primary;
    private final int retention;
    private final boolean processTicksShareAll;

    // process table, indexed by slot
    private final LongIntHashMap slotByPid;
    private int capacity;
    private int highWater;
    private int[] pid;
    private long[] startTime;
    private long[] lastTicks;
    private long[] deltaTicks;
    private long[] totalTicks;
    private long[] seenEpoch;
    private long[] exitedEpoch;
    private long[] bornEpoch;
    private int[] workload;
    private double[] joules; // slot * zones + z
    private double[] carbon;
    private String[] comm;
    private boolean[] used;
    private int[] freeSlots;
    private int freeCount;

    // workload table
    private int workloadCapacity;
    private double[] workloadJoules;
    private double[] workloadCarbon;
    private long[] workloadSeen;

    // zones
    private final double[] zoneTotal;
    private final double[] zoneIdle;
    private final double[] zoneUnattributed;
    private final double[] zoneAttributed;
    private final double[] zoneCarbon;
    private final double[] zoneRetired;
    private final double[] intervalJoules;
    private final double[] intervalIdle;
    private final double[] intervalUnknownPid;
    private final double[] factor;
    private final int[][] activityPids;
    private final double[][] activityWeights;
    private final int[] activityCount;

    private long epoch;
    // sum of this interval's process ticks, kept by observe() so endInterval needs one pass over the slots
    private long intervalTicks;
    private long busyTicksTotal;
    private double primaryActiveJoulesTotal;

    /**
     * @param zones              number of zones
     * @param primary            per zone: whether it belongs to the non-overlapping set summed into a
     *                           process's total (package+dram, or psys, or the model; plus GPUs)
     * @param retentionIntervals how many intervals an exited process keeps its totals
     * @param initialProcesses   initial table size
     */
    public AttributionEngine(int zones, boolean[] primary, int retentionIntervals, int initialProcesses) {
        this(zones, primary, retentionIntervals, initialProcesses, false);
    }

    /**
     * @param processTicksShareAll how a CPU-split zone's active energy is divided: false (the default), by the
     *                             node's busy ticks or the processes' ticks, whichever is larger, so that busy
     *                             time no observed process accounts for (interrupts, processes that came and
     *                             went between two samples) stays unattributed; true, by the processes' ticks
     *                             alone, so that the processes observed in an interval share all of its active
     *                             energy (Kepler's rule: a process's share is its CPU time over the sum of all
     *                             processes' CPU time)
     */
    public AttributionEngine(int zones, boolean[] primary, int retentionIntervals, int initialProcesses,
                             boolean processTicksShareAll) {
        if (primary.length != zones) {
            throw new IllegalArgumentException("primary.length " + primary.length + " != zones " + zones);
        }
        this.zones = zones;
        this.primary = primary.clone();
        this.retention = Math.max(1, retentionIntervals);
        this.processTicksShareAll = processTicksShareAll;
        this.slotByPid = new LongIntHashMap(initialProcesses, -1);
        allocateProcesses(Math.max(16, initialProcesses));
        allocateWorkloads(16);
        zoneTotal = new double[zones];
        zoneIdle = new double[zones];
        zoneUnattributed = new double[zones];
        zoneAttributed = new double[zones];
        zoneCarbon = new double[zones];
        zoneRetired = new double[zones];
        intervalJoules = new double[zones];
        intervalIdle = new double[zones];
        intervalUnknownPid = new double[zones];
        factor = new double[zones];
        activityPids = new int[zones][];
        activityWeights = new double[zones][];
        activityCount = new int[zones];
    }

    private void allocateProcesses(int cap) {
        capacity = cap;
        pid = Arrays.copyOf(pid == null ? new int[0] : pid, cap);
        startTime = grow(startTime, cap);
        lastTicks = grow(lastTicks, cap);
        deltaTicks = grow(deltaTicks, cap);
        totalTicks = grow(totalTicks, cap);
        seenEpoch = grow(seenEpoch, cap);
        exitedEpoch = grow(exitedEpoch, cap);
        bornEpoch = grow(bornEpoch, cap);
        workload = Arrays.copyOf(workload == null ? new int[0] : workload, cap);
        joules = Arrays.copyOf(joules == null ? new double[0] : joules, cap * zones);
        carbon = Arrays.copyOf(carbon == null ? new double[0] : carbon, cap);
        comm = Arrays.copyOf(comm == null ? new String[0] : comm, cap);
        used = Arrays.copyOf(used == null ? new boolean[0] : used, cap);
        freeSlots = Arrays.copyOf(freeSlots == null ? new int[0] : freeSlots, cap);
    }

    private static long[] grow(long[] a, int cap) {
        return Arrays.copyOf(a == null ? new long[0] : a, cap);
    }

    private void allocateWorkloads(int cap) {
        workloadCapacity = cap;
        workloadJoules = Arrays.copyOf(workloadJoules == null ? new double[0] : workloadJoules, cap * zones);
        workloadCarbon = Arrays.copyOf(workloadCarbon == null ? new double[0] : workloadCarbon, cap);
        workloadSeen = grow(workloadSeen, cap);
    }

    public int zoneCount() {
        return zones;
    }

    /** Starts an interval. */
    public void beginInterval() {
        epoch++;
        intervalTicks = 0;
        Arrays.fill(intervalJoules, Double.NaN);
        Arrays.fill(intervalIdle, 0);
        Arrays.fill(intervalUnknownPid, 0);
        Arrays.fill(activityCount, -1);
    }

    /** The interval number (1 for the first). */
    public long epoch() {
        return epoch;
    }

    /**
     * Records a live process with its cumulative CPU ticks (utime + stime).
     *
     * @return the process slot; {@link #isNew(int)} tells whether the caller should attach identity
     */
    public int observe(int processId, long processStartTime, long cpuTicks) {
        int slot = slotByPid.get(processId);
        if (slot >= 0 && startTime[slot] != processStartTime) {
            // pid reused: the old process ended, keep its totals apart
            markExited(slot);
            slotByPid.remove(processId);
            slot = -1;
        }
        if (slot < 0) {
            slot = allocateSlot();
            pid[slot] = processId;
            startTime[slot] = processStartTime;
            // the first interval only sets the baseline; later, a new process's whole life is in it
            lastTicks[slot] = epoch <= 1 ? cpuTicks : 0;
            totalTicks[slot] = 0;
            bornEpoch[slot] = epoch;
            exitedEpoch[slot] = 0;
            workload[slot] = NO_WORKLOAD;
            comm[slot] = "";
            carbon[slot] = 0;
            Arrays.fill(joules, slot * zones, slot * zones + zones, 0);
            slotByPid.put(processId, slot);
        }
        exitedEpoch[slot] = 0; // seen again: alive even if a failed read marked it gone
        if (seenEpoch[slot] == epoch) {
            intervalTicks -= deltaTicks[slot]; // observed twice in one interval: the last delta counts
        }
        long d = cpuTicks - lastTicks[slot];
        deltaTicks[slot] = d > 0 ? d : 0;
        intervalTicks += deltaTicks[slot];
        totalTicks[slot] += deltaTicks[slot];
        lastTicks[slot] = Math.max(cpuTicks, lastTicks[slot]);
        seenEpoch[slot] = epoch;
        return slot;
    }

    /** Whether the slot was filled by the current interval's {@link #observe}. */
    public boolean isNew(int slot) {
        return bornEpoch[slot] == epoch;
    }

    /** Attaches the command name and workload index to a new slot (cold path). */
    public void identify(int slot, String commandName, int workloadIndex) {
        comm[slot] = commandName;
        workload[slot] = workloadIndex;
        if (workloadIndex >= workloadCapacity) {
            int cap = workloadCapacity;
            while (cap <= workloadIndex) {
                cap *= 2;
            }
            allocateWorkloads(cap);
        }
    }

    /**
     * The energy of a zone in this interval.
     *
     * @param z          zone index
     * @param deltaJoules joules since the previous interval, {@code >= 0}, or NaN when the zone was
     *                    unreadable (nothing is attributed; the counter carries the energy forward)
     * @param idleJoules the idle share by policy; clamped to {@code [0, deltaJoules]}
     */
    public void zoneEnergy(int z, double deltaJoules, double idleJoules) {
        if (Double.isNaN(deltaJoules)) {
            intervalJoules[z] = Double.NaN;
            return;
        }
        double j = Math.max(0, deltaJoules);
        intervalJoules[z] = j;
        intervalIdle[z] = Math.min(j, Math.max(0, idleJoules));
    }

    /**
     * Per-process weights for a zone whose use is not CPU time (GPUs). The arrays are read during
     * {@link #endInterval}, so the caller keeps them unchanged until then. A negative count means
     * "unknown", and CPU time is used. A pid of 0 stands for a process known to exist but not tracked (a
     * meter reading only its own process): its share is unattributed and not counted as an unknown pid.
     */
    public void zoneActivity(int z, int[] pids, double[] weights, int count) {
        activityPids[z] = pids;
        activityWeights[z] = weights;
        activityCount[z] = count;
    }

    /**
     * Attributes the interval.
     *
     * @param nodeBusyTicks busy CPU ticks of the node in this interval (from {@code /proc/stat})
     * @param gramsPerJoule carbon intensity for this interval (g CO2e per joule, PUE included), or NaN
     */
    public void endInterval(long nodeBusyTicks, double gramsPerJoule) {
        final int zs = zones;
        long busy = Math.max(0, nodeBusyTicks);
        long denom = processTicksShareAll ? intervalTicks : Math.max(busy, intervalTicks);
        busyTicksTotal += busy;
        boolean cpuBasisUsed = false;
        for (int z = 0; z < zs; z++) {
            double j = intervalJoules[z];
            if (Double.isNaN(j)) {
                factor[z] = 0;
                continue;
            }
            double active = j - intervalIdle[z];
            zoneTotal[z] += j;
            zoneIdle[z] += intervalIdle[z];
            if (!Double.isNaN(gramsPerJoule)) {
                zoneCarbon[z] += j * gramsPerJoule;
            }
            if (primary[z] && activityCount[z] < 0) {
                primaryActiveJoulesTotal += active;
            }
            if (activityCount[z] >= 0) {
                factor[z] = 0;
                attributeByActivity(z, active, gramsPerJoule);
            } else if (denom > 0) {
                factor[z] = active / denom;
                cpuBasisUsed = true;
            } else {
                factor[z] = 0;
                zoneUnattributed[z] += active;
            }
        }
        Arrays.fill(zoneAttributed, 0);
        attributeAndRetire(cpuBasisUsed, gramsPerJoule);
        if (cpuBasisUsed) {
            for (int z = 0; z < zs; z++) {
                if (factor[z] != 0) {
                    double active = intervalJoules[z] - intervalIdle[z];
                    zoneUnattributed[z] += Math.max(0, active - zoneAttributed[z]);
                }
            }
        }
    }

    /**
     * One pass over the slots: splits CPU-attributed zones by this interval's ticks, marks processes not
     * seen as exited and recycles slots whose retention ended. A slot attributed in this interval was seen
     * in it, so it cannot be retired in the same pass: the order inside a slot does not matter.
     */
    private void attributeAndRetire(boolean cpu, double gramsPerJoule) {
        final int zs = zones;
        final long ep = epoch;
        final int hw = highWater;
        final int keep = retention;
        final double[] f = factor;
        final double[] assigned = zoneAttributed;
        final boolean[] inUse = used;
        final long[] seen = seenEpoch;
        final long[] exited = exitedEpoch;
        final boolean carbonOn = !Double.isNaN(gramsPerJoule);
        for (int s = 0; s < hw; s++) {
            if (!inUse[s]) {
                continue;
            }
            if (seen[s] == ep) {
                if (cpu) {
                    attributeSlot(s, zs, ep, f, assigned, carbonOn, gramsPerJoule);
                }
                continue;
            }
            if (exited[s] == 0) {
                exited[s] = ep;
            }
            if (ep - exited[s] >= keep) {
                retireSlot(s);
            }
        }
    }

    private void attributeSlot(int s, int zs, long ep, double[] f, double[] assigned, boolean carbonOn,
                               double gramsPerJoule) {
        long d = deltaTicks[s];
        int w = workload[s];
        if (w != NO_WORKLOAD) {
            workloadSeen[w] = ep;
        }
        if (d == 0) {
            return;
        }
        int base = s * zs;
        double primaryJoules = 0;
        for (int z = 0; z < zs; z++) {
            double fz = f[z];
            if (fz == 0) {
                continue;
            }
            double e = fz * d;
            joules[base + z] += e;
            assigned[z] += e;
            if (w != NO_WORKLOAD) {
                workloadJoules[w * zs + z] += e;
            }
            if (primary[z]) {
                primaryJoules += e;
            }
        }
        if (carbonOn && primaryJoules > 0) {
            carbon[s] += primaryJoules * gramsPerJoule;
            if (w != NO_WORKLOAD) {
                workloadCarbon[w] += primaryJoules * gramsPerJoule;
            }
        }
    }

    private void retireSlot(int s) {
        if (slotByPid.get(pid[s]) == s) {
            slotByPid.remove(pid[s]);
        }
        for (int z = 0, base = s * zones; z < zones; z++) {
            zoneRetired[z] += joules[base + z];
        }
        used[s] = false;
        freeSlots[freeCount++] = s;
    }

    private void attributeByActivity(int z, double active, double gramsPerJoule) {
        int n = activityCount[z];
        int[] pids = activityPids[z];
        double[] weights = activityWeights[z];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0) {
                sum += weights[i];
            }
        }
        double assigned = 0;
        double unknown = 0;
        if (sum > 0) {
            for (int i = 0; i < n; i++) {
                double wgt = weights[i];
                if (!(wgt > 0)) {
                    continue;
                }
                int slot = pids[i] <= 0 ? -1 : slotByPid.get(pids[i]);
                if (slot < 0) {
                    if (pids[i] > 0) {
                        unknown += active * (wgt / sum); // never seen in our process table: other pid namespace
                    }
                    continue; // unattributed
                }
                if (seenEpoch[slot] != epoch) {
                    continue; // known but not seen now (gone, or the scan failed): unattributed
                }
                double e = active * (wgt / sum);
                joules[slot * zones + z] += e;
                assigned += e;
                int w = workload[slot];
                if (w != NO_WORKLOAD) {
                    workloadJoules[w * zones + z] += e;
                }
                if (primary[z] && !Double.isNaN(gramsPerJoule)) {
                    carbon[slot] += e * gramsPerJoule;
                    if (w != NO_WORKLOAD) {
                        workloadCarbon[w] += e * gramsPerJoule;
                    }
                }
            }
        }
        zoneUnattributed[z] += Math.max(0, active - assigned);
        intervalUnknownPid[z] = unknown;
    }

    private void markExited(int slot) {
        if (exitedEpoch[slot] == 0) {
            exitedEpoch[slot] = epoch;
        }
    }

    private int allocateSlot() {
        int s;
        if (freeCount > 0) {
            s = freeSlots[--freeCount];
        } else {
            if (highWater == capacity) {
                allocateProcesses(capacity * 2);
            }
            s = highWater++;
        }
        used[s] = true;
        return s;
    }

    // ---- readers (call under the same lock as the writer) ----

    /** Slots in use are below this index. */
    public int slotLimit() {
        return highWater;
    }

    public boolean inUse(int slot) {
        return used[slot];
    }

    public int pid(int slot) {
        return pid[slot];
    }

    public long startTime(int slot) {
        return startTime[slot];
    }

    public String comm(int slot) {
        return comm[slot];
    }

    public int workload(int slot) {
        return workload[slot];
    }

    /** Whether the process has exited (its totals are final). */
    public boolean exited(int slot) {
        return exitedEpoch[slot] != 0;
    }

    /** CPU ticks accumulated since the process was first seen. */
    public long cpuTicks(int slot) {
        return totalTicks[slot];
    }

    /** CPU ticks of the process in the last interval. */
    public long lastIntervalTicks(int slot) {
        return seenEpoch[slot] == epoch ? deltaTicks[slot] : 0;
    }

    public double processJoules(int slot, int z) {
        return joules[slot * zones + z];
    }

    /** Sum over primary zones. */
    public double processPrimaryJoules(int slot) {
        double sum = 0;
        int base = slot * zones;
        for (int z = 0; z < zones; z++) {
            if (primary[z]) {
                sum += joules[base + z];
            }
        }
        return sum;
    }

    public double processCarbonGrams(int slot) {
        return carbon[slot];
    }

    public double workloadJoules(int w, int z) {
        return workloadJoules[w * zones + z];
    }

    public double workloadCarbonGrams(int w) {
        return workloadCarbon[w];
    }

    /** The last interval in which a live process of the workload was seen. */
    public long workloadLastSeen(int w) {
        return workloadSeen[w];
    }

    /** Forgets a workload's totals so its index can be reused. */
    public void resetWorkload(int w) {
        Arrays.fill(workloadJoules, w * zones, w * zones + zones, 0);
        workloadCarbon[w] = 0;
        workloadSeen[w] = 0;
    }

    public double zoneJoules(int z) {
        return zoneTotal[z];
    }

    public double zoneIdleJoules(int z) {
        return zoneIdle[z];
    }

    public double zoneActiveJoules(int z) {
        return zoneTotal[z] - zoneIdle[z];
    }

    public double zoneUnattributedJoules(int z) {
        return zoneUnattributed[z];
    }

    /**
     * Of the last interval's unattributed energy of an activity zone, the part that belonged to pids
     * the process table has no entry for (never observed: a pid of another pid namespace, or one born
     * after the scan); 0 for zones split by CPU time.
     */
    public double intervalUnknownPidJoules(int z) {
        return intervalUnknownPid[z];
    }

    /** Joules of processes whose slots were recycled after their retention ended. */
    public double zoneRetiredProcessJoules(int z) {
        return zoneRetired[z];
    }

    public double zoneCarbonGrams(int z) {
        return zoneCarbon[z];
    }

    public boolean isPrimary(int z) {
        return primary[z];
    }

    /** Busy CPU ticks of the node summed over all intervals. */
    public long busyTicksTotal() {
        return busyTicksTotal;
    }

    /** Active joules of CPU-time-attributed primary zones summed over all intervals. */
    public double primaryActiveJoulesTotal() {
        return primaryActiveJoulesTotal;
    }
}
