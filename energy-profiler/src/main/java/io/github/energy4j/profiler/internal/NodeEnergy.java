package io.github.energy4j.profiler.internal;

import java.util.Arrays;

/**
 * Self energy and self samples per call-tree node, accumulated over the settled windows. Not thread-safe: the
 * collector guards it. Allocation-free except when it grows to a new node.
 */
public final class NodeEnergy {

    private double[] joules = new double[256];
    private long[] samples = new long[256];

    /** Adds {@code j} joules and {@code s} samples to {@code node}'s self figures. */
    public void add(int node, double j, long s) {
        if (node >= joules.length) {
            int n = Math.max(node + 1, joules.length * 2);
            joules = Arrays.copyOf(joules, n);
            samples = Arrays.copyOf(samples, n);
        }
        joules[node] += j;
        samples[node] += s;
    }

    /** Self joules of {@code node}; 0 for a node never charged. */
    public double joules(int node) {
        return node < joules.length ? joules[node] : 0;
    }

    /** Self samples of {@code node}. */
    public long samples(int node) {
        return node < samples.length ? samples[node] : 0;
    }

    /** Self joules of the first {@code nodes} nodes: a copy. */
    public double[] joulesCopy(int nodes) {
        return Arrays.copyOf(joules, nodes);
    }

    /** Self samples of the first {@code nodes} nodes: a copy. */
    public long[] samplesCopy(int nodes) {
        return Arrays.copyOf(samples, nodes);
    }
}
