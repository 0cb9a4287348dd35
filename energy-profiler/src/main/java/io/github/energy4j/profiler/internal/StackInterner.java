package io.github.energy4j.profiler.internal;

import java.util.IdentityHashMap;
import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Turns a JFR stack trace into its call-tree node. A frame is named {@code package.Class.method} (line numbers and
 * signatures are not kept: the profile is per method); a hidden class's address suffix is dropped
 * ({@code Foo$$Lambda$14/0x0000000800c03000}, or as JFR writes it {@code Foo$$Lambda$14+0x00007f0ecc007b68.2003749087},
 * becomes {@code Foo$$Lambda$14}), so names stay stable from run to run. A stack JFR
 * truncated (deeper than its {@code stackdepth}, 64 by default) starts with a {@value #TRUNCATED} frame instead of
 * its missing outer frames.
 *
 * <p>JFR thread only, while holding the collector's monitor. JFR hands out the same method object for every event
 * of a chunk, so names are built once per method and chunk; the cache is cleared when it grows past
 * {@value #CACHE_LIMIT} methods.
 */
final class StackInterner {

    /** Outermost frame of a stack whose outer frames JFR did not record. */
    static final String TRUNCATED = "[truncated]";

    private static final int CACHE_LIMIT = 65_536;

    private final IdentityHashMap<RecordedMethod, Integer> frameIds = new IdentityHashMap<>();

    /** The node of {@code stack} in {@code tree}; the root for an empty or missing stack. */
    int leaf(RecordedStackTrace stack, CallTree tree) {
        if (stack == null) {
            return CallTree.ROOT;
        }
        List<RecordedFrame> frames = stack.getFrames();
        int node = CallTree.ROOT;
        if (stack.isTruncated()) {
            node = tree.child(node, tree.frameId(TRUNCATED));
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedMethod m = frames.get(i).getMethod();
            if (m == null) {
                continue;
            }
            node = tree.child(node, frameId(m, tree));
        }
        return node;
    }

    private int frameId(RecordedMethod m, CallTree tree) {
        Integer id = frameIds.get(m);
        if (id == null) {
            if (frameIds.size() >= CACHE_LIMIT) {
                frameIds.clear();
            }
            id = tree.frameId(name(m.getType() == null ? null : m.getType().getName(), m.getName()));
            frameIds.put(m, id);
        }
        return id;
    }

    /** {@code Class.method}, without a hidden class's address suffix. */
    static String name(String className, String method) {
        String c = className == null ? "[unknown]" : className;
        int cut = c.indexOf("/0x");
        if (cut < 0) {
            cut = c.indexOf("+0x");
        }
        if (cut > 0) {
            c = c.substring(0, cut);
        }
        return c + '.' + method;
    }
}
