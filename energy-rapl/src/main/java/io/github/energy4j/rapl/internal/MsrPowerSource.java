package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads RAPL energy status MSRs through {@code /dev/cpu/N/msr}. A plain zone reports the raw 32-bit
 * counter of one register on one CPU ({@code wrapModulus} 2^32). An aggregate zone (AMD cores) sums the
 * per-core 32-bit counters of several CPUs: each core's delta is taken modulo 2^32 here, every sample,
 * and the running sum is reported as a counter that does not wrap ({@code wrapModulus} 0).
 *
 * <p>Allocation-free after warm-up; sampler thread only.
 */
public final class MsrPowerSource extends ZoneReadingSource {

    private static final Logger LOG = LoggerFactory.getLogger(MsrPowerSource.class);

    /** How one zone is read. */
    public record ZonePlan(Zone zone, long address, int[] slots) {
        /** True when the zone sums several CPUs' counters. */
        public boolean aggregate() {
            return slots.length > 1 || zone.wrapModulus() == 0;
        }
    }

    private final MsrFile[] files;
    private final long[] addresses;
    private final int[][] slots;
    private final boolean[] aggregate;
    private final long[][] previous;
    private final long[] sums;
    private long raw;

    /**
     * @param files files by slot; the source owns and closes them
     * @param plans one per zone, in zone order
     */
    public MsrPowerSource(String id, List<MsrFile> files, List<ZonePlan> plans) {
        super(id, plans.stream().map(ZonePlan::zone).toList(), LOG, "RAPL MSR");
        this.files = files.toArray(new MsrFile[0]);
        int n = plans.size();
        this.addresses = new long[n];
        this.slots = new int[n][];
        this.aggregate = new boolean[n];
        this.previous = new long[n][];
        this.sums = new long[n];
        for (int i = 0; i < n; i++) {
            ZonePlan p = plans.get(i);
            addresses[i] = p.address();
            slots[i] = p.slots().clone();
            aggregate[i] = p.aggregate();
            if (aggregate[i]) {
                previous[i] = new long[slots[i].length];
                for (int k = 0; k < slots[i].length; k++) {
                    previous[i][k] = readCounter(slots[i][k], addresses[i]) ? MsrDecoder.energyCounter(raw) : -1;
                }
            }
        }
        clearLastError(); // the priming reads above were no sample
    }

    @Override
    long readZone(int i) {
        if (aggregate[i]) {
            return readAggregate(i);
        }
        return readCounter(slots[i][0], addresses[i]) ? MsrDecoder.energyCounter(raw) : UNAVAILABLE;
    }

    private long readAggregate(int i) {
        final int[] s = slots[i];
        final long[] prev = previous[i];
        long sum = sums[i];
        boolean ok = true;
        for (int k = 0; k < s.length; k++) {
            if (!readCounter(s[k], addresses[i])) {
                ok = false;
                continue;
            }
            long c = MsrDecoder.energyCounter(raw);
            if (prev[k] >= 0) {
                sum += (c - prev[k]) & 0xFFFF_FFFFL; // one wrap at most between samples, see RaplIntervals
            }
            prev[k] = c;
        }
        sums[i] = sum;
        return ok ? sum : UNAVAILABLE;
    }

    /** Reads one register into {@link #raw}; false (and lastError set) on failure. */
    private boolean readCounter(int slot, long address) {
        MsrFile f = files[slot];
        try {
            raw = f.read(address);
            return true;
        } catch (IOException e) {
            failed(f.path() + " MSR 0x" + Long.toHexString(address) + ": " + ReadOutcome.describe(e), e);
            return false;
        }
    }

    @Override
    void release() {
        for (MsrFile f : files) {
            f.close();
        }
    }
}
