package io.github.energy4j.profiler.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every sampled call path as a tree: node {@link #ROOT} is the root; each other node is one frame under its parent,
 * and stands for the call path from the root down to it. Nodes are numbered in creation order, so a parent's number
 * is always lower than its children's. Frame names are interned: one id per distinct name.
 *
 * <p>Not thread-safe: one writer at a time (the JFR stream thread, under the collector's lock). Allocation: none
 * for a path seen before; a new node or frame grows the arrays or the maps.
 */
public final class CallTree {

    /** The root node: no frame, the parent of every call path's outermost frame. */
    public static final int ROOT = 0;

    private int[] parents = new int[256];
    private int[] frames = new int[256];
    private int size = 1;
    private final LongIntMap children = new LongIntMap(256);
    private final Map<String, Integer> frameIds = new HashMap<>();
    private final List<String> frameNames = new ArrayList<>();

    public CallTree() {
        parents[ROOT] = -1;
        frames[ROOT] = -1;
    }

    /** The id of frame {@code name}, interning it on first use. */
    public int frameId(String name) {
        Integer id = frameIds.get(name);
        if (id != null) {
            return id;
        }
        int i = frameNames.size();
        frameNames.add(name);
        frameIds.put(name, i);
        return i;
    }

    /** The node for frame {@code frameId} called from node {@code parent}, created on first use. */
    public int child(int parent, int frameId) {
        long key = ((long) parent << 32) | (frameId & 0xFFFFFFFFL);
        int c = children.get(key);
        if (c != LongIntMap.MISSING) {
            return c;
        }
        if (size == parents.length) {
            parents = Arrays.copyOf(parents, size * 2);
            frames = Arrays.copyOf(frames, size * 2);
        }
        c = size++;
        parents[c] = parent;
        frames[c] = frameId;
        children.put(key, c);
        return c;
    }

    /** The node of a call path given outermost frame first (a convenience for fixtures and pseudo-frames). */
    public int path(List<String> outermostFirst) {
        int n = ROOT;
        for (String f : outermostFirst) {
            n = child(n, frameId(f));
        }
        return n;
    }

    /** Number of nodes, the root included. */
    public int size() {
        return size;
    }

    /** The parent of {@code node}; -1 for the root. */
    public int parent(int node) {
        return parents[node];
    }

    /** The frame name of {@code node}; empty for the root. */
    public String frameName(int node) {
        return node == ROOT ? "" : frameNames.get(frames[node]);
    }

    /** Frame names per node, index = node (the root's is empty): a copy. */
    public String[] nodeFrameNames() {
        String[] out = new String[size];
        for (int i = 0; i < size; i++) {
            out[i] = frameName(i);
        }
        return out;
    }

    /** Parents per node, index = node (the root's is -1): a copy. */
    public int[] nodeParents() {
        return Arrays.copyOf(parents, size);
    }
}
