package io.github.energy4j.profiler.internal.report;

import java.util.Objects;

/**
 * A finished energy profile: the call tree with each node's self energy and samples, and its summary. Node 0 is
 * the root (no frame); a node's parent has a lower number. Immutable: the constructor copies the arrays and the
 * accessors copy nothing out but single values.
 */
public final class EnergyProfile {

    private final String[] frames;
    private final int[] parents;
    private final double[] selfJoules;
    private final long[] selfSamples;
    private final ProfileSummary summary;

    /**
     * @param frames      frame name per node (the root's is ignored)
     * @param parents     parent per node (the root's is -1); each lower than the node
     * @param selfJoules  self energy per node, joules
     * @param selfSamples self samples per node
     * @param summary     the profile's figures
     * @throws IllegalArgumentException when the arrays differ in length or a parent is not lower than its node
     */
    public EnergyProfile(String[] frames, int[] parents, double[] selfJoules, long[] selfSamples,
                         ProfileSummary summary) {
        int n = frames.length;
        if (n == 0 || parents.length != n || selfJoules.length != n || selfSamples.length != n) {
            throw new IllegalArgumentException("frames, parents, selfJoules and selfSamples must have one entry per "
                    + "node, the root included");
        }
        for (int i = 1; i < n; i++) {
            if (parents[i] < 0 || parents[i] >= i) {
                throw new IllegalArgumentException("node " + i + " has parent " + parents[i] + "; parents come first");
            }
        }
        this.frames = frames.clone();
        this.parents = parents.clone();
        this.selfJoules = selfJoules.clone();
        this.selfSamples = selfSamples.clone();
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** Number of nodes, the root included. */
    public int nodes() {
        return frames.length;
    }

    public String frame(int node) {
        return frames[node];
    }

    public int parent(int node) {
        return parents[node];
    }

    public double selfJoules(int node) {
        return selfJoules[node];
    }

    public long selfSamples(int node) {
        return selfSamples[node];
    }

    public ProfileSummary summary() {
        return summary;
    }

    /** Inclusive energy per node: its self energy plus its descendants'. A new array. */
    public double[] totalJoules() {
        double[] t = selfJoules.clone();
        for (int i = t.length - 1; i > 0; i--) {
            t[parents[i]] += t[i];
        }
        return t;
    }

    /** The frames from the root's child down to {@code node}, separated by {@code sep}. */
    public String path(int node, char sep) {
        StringBuilder b = new StringBuilder();
        for (int n = node; n > 0; n = parents[n]) {
            b.insert(0, frames[n]);
            if (parents[n] > 0) {
                b.insert(0, sep);
            }
        }
        return b.toString();
    }
}
