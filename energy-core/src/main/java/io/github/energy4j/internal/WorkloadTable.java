package io.github.energy4j.internal;

import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadResolver;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workloads (containers, pods) the sampler has seen, each at a small index that the attribution engine keys
 * its per-workload sums by. Indexes of workloads unseen for longer than the retention are reused; each reuse
 * bumps the index's generation, so a container standing in for a process under that index is a new identity.
 * Allocation-free while no new workload appears. Tick thread only (readers under the sampler's lock).
 */
final class WorkloadTable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadTable.class);

    private final Map<String, Integer> index = new HashMap<>();
    private Workload[] meta = new Workload[16];
    private long[] generation = new long[16];
    private int[] free = new int[16];
    private int freeCount;
    private int highWater;

    /** The index of {@code w}, assigned on first sight. */
    int indexOf(Workload w) {
        Integer idx = index.get(w.id());
        if (idx != null) {
            return idx;
        }
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            i = highWater++;
            if (i >= meta.length) {
                meta = Arrays.copyOf(meta, meta.length * 2);
                free = Arrays.copyOf(free, free.length * 2);
                generation = Arrays.copyOf(generation, generation.length * 2);
            }
        }
        generation[i]++;
        meta[i] = w;
        index.put(w.id(), i);
        return i;
    }

    /** How many times index {@code i} was assigned: a start time for the pseudo process a container stands for. */
    long generation(int i) {
        return generation[i];
    }

    /** The workload at an index, or null when the index is free. */
    Workload get(int i) {
        return meta[i];
    }

    /** One past the highest index ever assigned. */
    int limit() {
        return highWater;
    }

    /** Workloads currently known. */
    int size() {
        return index.size();
    }

    /** Frees the indexes of workloads the engine has not seen for more than {@code retention} intervals. */
    void retire(AttributionEngine engine, int retention) {
        long ep = engine.epoch();
        for (int w = 0; w < highWater; w++) {
            Workload m = meta[w];
            if (m != null && engine.workloadLastSeen(w) != 0 && ep - engine.workloadLastSeen(w) > retention) {
                index.remove(m.id());
                meta[w] = null;
                engine.resetWorkload(w);
                free[freeCount++] = w;
            }
        }
    }

    /** Re-asks the resolver for fresher metadata of every workload (cold path). */
    void refresh(WorkloadResolver resolver) {
        for (int w = 0; w < highWater; w++) {
            if (meta[w] != null) {
                try {
                    meta[w] = resolver.refresh(meta[w]);
                } catch (RuntimeException e) {
                    LOG.debug("workload refresh failed", e);
                }
            }
        }
    }
}
