package io.github.energy4j.internal;

import io.github.energy4j.procfs.ProcfsScanner;
import io.github.energy4j.spi.Workload;
import java.util.Arrays;

/**
 * The meter's cumulative figures as primitive arrays: what a snapshot shows, copied out of the sampler at the end
 * of a tick ({@link #capture(Sampler)}) and from one copy into another ({@link #copyFrom(FrameData)}). Both reuse
 * the arrays, growing them only when the number of zones, processes or workloads does: allocation-free after
 * warm-up. Not thread-safe on its own; {@link FramePublisher} makes reading it safe.
 */
public final class FrameData {

    /**
     * Self-metrics, in the order of {@code SamplerStats}'s components: ticks, last tick duration (ns), source
     * errors, procfs errors, processes tracked, vanished, listings, workloads tracked, workload CPU errors,
     * malformed, counter wraps, counter resets, unavailable readings.
     */
    public static final int STATS = 13;

    public final long[] stats = new long[STATS];
    public long ticks;
    public long elapsedNanos;
    public boolean carbon;
    public double retiredProcessJoules;

    public int zones;
    public double[] zoneJoules = new double[0];
    public double[] zoneActive = new double[0];
    public double[] zoneIdle = new double[0];
    public double[] zoneUnattributed = new double[0];
    public double[] zoneWatts = new double[0];
    public double[] zoneCarbon = new double[0];
    public String[] zoneStatus = new String[0];

    /** Processes; containers standing in for processes (negative pids) are left out. */
    public int processes;
    public int[] pid = new int[0];
    public long[] startTimeTicks = new long[0];
    public String[] comm = new String[0];
    public Workload[] processWorkload = new Workload[0];
    public double[] processJoules = new double[0];
    /** {@code processes × zones}, process-major. */
    public double[] processZoneJoules = new double[0];
    public long[] cpuTicks = new long[0];
    public double[] processCarbon = new double[0];
    public boolean[] exited = new boolean[0];

    public int workloads;
    public Workload[] workload = new Workload[0];
    public double[] workloadJoules = new double[0];
    /** {@code workloads × zones}, workload-major. */
    public double[] workloadZoneJoules = new double[0];
    public double[] workloadCarbon = new double[0];
    public boolean[] running = new boolean[0];

    /** The sampler's state now; the caller holds the sampler's lock. */
    void capture(Sampler smp) {
        AttributionEngine e = smp.engine();
        captureStats(smp);
        ticks = smp.ticks();
        elapsedNanos = smp.elapsedNanos();
        carbon = smp.grid() != null;
        int nz = smp.zones().length;
        zoneCapacity(nz);
        double retired = 0;
        for (int z = 0; z < nz; z++) {
            zoneJoules[z] = e.zoneJoules(z);
            zoneActive[z] = e.zoneActiveJoules(z);
            zoneIdle[z] = e.zoneIdleJoules(z);
            zoneUnattributed[z] = e.zoneUnattributedJoules(z);
            zoneWatts[z] = smp.zoneWatts(z);
            zoneCarbon[z] = carbon ? e.zoneCarbonGrams(z) : Double.NaN;
            zoneStatus[z] = smp.zoneStatus(z);
            if (e.isPrimary(z)) {
                retired += e.zoneRetiredProcessJoules(z);
            }
        }
        zones = nz;
        retiredProcessJoules = retired;
        int n = 0;
        for (int s = 0; s < e.slotLimit(); s++) {
            if (!e.inUse(s) || e.pid(s) < 0) {
                continue; // negative pids are containers standing in for processes (container-level attribution)
            }
            processCapacity(n + 1, nz);
            pid[n] = e.pid(s);
            startTimeTicks[n] = e.startTime(s);
            comm[n] = e.comm(s);
            int w = e.workload(s);
            Workload wl = w == AttributionEngine.NO_WORKLOAD ? null : smp.workload(w);
            processWorkload[n] = wl == null ? Workload.HOST : wl;
            processJoules[n] = e.processPrimaryJoules(s);
            for (int z = 0; z < nz; z++) {
                processZoneJoules[n * nz + z] = e.processJoules(s, z);
            }
            cpuTicks[n] = e.cpuTicks(s);
            processCarbon[n] = carbon ? e.processCarbonGrams(s) : Double.NaN;
            exited[n] = e.exited(s);
            n++;
        }
        processes = n;
        int m = 0;
        for (int w = 0; w < smp.workloadLimit(); w++) {
            Workload wl = smp.workload(w);
            if (wl == null) {
                continue;
            }
            workloadCapacity(m + 1, nz);
            workload[m] = wl;
            double sum = 0;
            for (int z = 0; z < nz; z++) {
                double j = e.workloadJoules(w, z);
                workloadZoneJoules[m * nz + z] = j;
                if (e.isPrimary(z)) {
                    sum += j;
                }
            }
            workloadJoules[m] = sum;
            workloadCarbon[m] = carbon ? e.workloadCarbonGrams(w) : Double.NaN;
            running[m] = e.workloadLastSeen(w) == e.epoch();
            m++;
        }
        workloads = m;
    }

    private void captureStats(Sampler smp) {
        ProcfsScanner sc = smp.scanner();
        long[] st = stats;
        st[0] = smp.ticks();
        st[1] = smp.lastTickDurationNanos();
        st[2] = smp.sourceErrors();
        st[3] = smp.procfsErrors();
        st[4] = sc.trackedProcesses();
        st[5] = sc.vanished();
        st[6] = sc.listings();
        st[7] = smp.workloadsTracked();
        st[8] = smp.workloadCpuErrors();
        st[9] = sc.malformed();
        st[10] = smp.counterWraps();
        st[11] = smp.counterResets();
        st[12] = smp.unavailableReadings();
    }

    /**
     * Copies {@code o} into this one. Reads {@code o}'s counts once and never indexes past its arrays, so a copy
     * taken while {@code o} is being rewritten fails only by being inconsistent, which the caller detects.
     */
    public void copyFrom(FrameData o) {
        System.arraycopy(o.stats, 0, stats, 0, STATS);
        ticks = o.ticks;
        elapsedNanos = o.elapsedNanos;
        carbon = o.carbon;
        retiredProcessJoules = o.retiredProcessJoules;
        int nz = Math.min(o.zones, o.zoneStatus.length);
        zoneCapacity(nz);
        System.arraycopy(o.zoneJoules, 0, zoneJoules, 0, nz);
        System.arraycopy(o.zoneActive, 0, zoneActive, 0, nz);
        System.arraycopy(o.zoneIdle, 0, zoneIdle, 0, nz);
        System.arraycopy(o.zoneUnattributed, 0, zoneUnattributed, 0, nz);
        System.arraycopy(o.zoneWatts, 0, zoneWatts, 0, nz);
        System.arraycopy(o.zoneCarbon, 0, zoneCarbon, 0, nz);
        System.arraycopy(o.zoneStatus, 0, zoneStatus, 0, nz);
        zones = nz;
        int n = Math.min(o.processes, o.exited.length);
        processCapacity(n, nz);
        System.arraycopy(o.pid, 0, pid, 0, n);
        System.arraycopy(o.startTimeTicks, 0, startTimeTicks, 0, n);
        System.arraycopy(o.comm, 0, comm, 0, n);
        System.arraycopy(o.processWorkload, 0, processWorkload, 0, n);
        System.arraycopy(o.processJoules, 0, processJoules, 0, n);
        System.arraycopy(o.processZoneJoules, 0, processZoneJoules, 0, n * nz);
        System.arraycopy(o.cpuTicks, 0, cpuTicks, 0, n);
        System.arraycopy(o.processCarbon, 0, processCarbon, 0, n);
        System.arraycopy(o.exited, 0, exited, 0, n);
        processes = n;
        int m = Math.min(o.workloads, o.running.length);
        workloadCapacity(m, nz);
        System.arraycopy(o.workload, 0, workload, 0, m);
        System.arraycopy(o.workloadJoules, 0, workloadJoules, 0, m);
        System.arraycopy(o.workloadZoneJoules, 0, workloadZoneJoules, 0, m * nz);
        System.arraycopy(o.workloadCarbon, 0, workloadCarbon, 0, m);
        System.arraycopy(o.running, 0, running, 0, m);
        workloads = m;
    }

    private void zoneCapacity(int nz) {
        if (zoneStatus.length < nz) {
            zoneJoules = Arrays.copyOf(zoneJoules, nz);
            zoneActive = Arrays.copyOf(zoneActive, nz);
            zoneIdle = Arrays.copyOf(zoneIdle, nz);
            zoneUnattributed = Arrays.copyOf(zoneUnattributed, nz);
            zoneWatts = Arrays.copyOf(zoneWatts, nz);
            zoneCarbon = Arrays.copyOf(zoneCarbon, nz);
            zoneStatus = Arrays.copyOf(zoneStatus, nz); // the count array last: readers bound by it
        }
    }

    private void processCapacity(int n, int nz) {
        if (exited.length < n || processZoneJoules.length < n * nz) {
            int cap = Math.max(n, exited.length * 2);
            pid = Arrays.copyOf(pid, cap);
            startTimeTicks = Arrays.copyOf(startTimeTicks, cap);
            comm = Arrays.copyOf(comm, cap);
            processWorkload = Arrays.copyOf(processWorkload, cap);
            processJoules = Arrays.copyOf(processJoules, cap);
            processZoneJoules = Arrays.copyOf(processZoneJoules, cap * Math.max(nz, 1));
            cpuTicks = Arrays.copyOf(cpuTicks, cap);
            processCarbon = Arrays.copyOf(processCarbon, cap);
            exited = Arrays.copyOf(exited, cap);
        }
    }

    private void workloadCapacity(int m, int nz) {
        if (running.length < m || workloadZoneJoules.length < m * nz) {
            int cap = Math.max(m, running.length * 2);
            workload = Arrays.copyOf(workload, cap);
            workloadJoules = Arrays.copyOf(workloadJoules, cap);
            workloadZoneJoules = Arrays.copyOf(workloadZoneJoules, cap * Math.max(nz, 1));
            workloadCarbon = Arrays.copyOf(workloadCarbon, cap);
            running = Arrays.copyOf(running, cap);
        }
    }
}
