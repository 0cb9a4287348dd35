package io.github.energy4j.profiler.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the CPU time of every live platform thread of this JVM ({@code ThreadMXBean}, the threads' own CPU clocks)
 * and hands out each thread's use since the previous read. Threads are listed from the root thread group, which
 * costs no stack walk. Window thread only.
 */
final class ThreadCpuReader {

    private final ThreadMXBean bean;
    private final com.sun.management.ThreadMXBean bulk;
    private Map<Long, Long> last = new HashMap<>();
    private Thread[] threads = new Thread[64];
    private long[] ids = new long[64];

    /**
     * @throws IllegalStateException when this JVM has no per-thread CPU clock, without which energy cannot be split
     *                               between threads
     */
    ThreadCpuReader() {
        this.bean = ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not measure per-thread CPU time (ThreadMXBean), which the "
                    + "profiler needs to split energy between threads; use a HotSpot JVM on Linux");
        }
        if (!bean.isThreadCpuTimeEnabled()) {
            bean.setThreadCpuTimeEnabled(true);
        }
        this.bulk = bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
        read(); // baseline: what threads used before the profile started is no window's
    }

    /** Each live platform thread's CPU time since the previous call; threads first seen now count from zero. */
    ThreadCpu read() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        int n;
        while (true) {
            n = root.enumerate(threads, true);
            if (n < threads.length) {
                break;
            }
            threads = new Thread[threads.length * 2];
        }
        if (ids.length < n) {
            ids = new long[threads.length];
        }
        for (int i = 0; i < n; i++) {
            ids[i] = threads[i].getId();
        }
        long[] cpu;
        if (bulk != null) {
            cpu = bulk.getThreadCpuTime(java.util.Arrays.copyOf(ids, n));
        } else {
            cpu = new long[n];
            for (int i = 0; i < n; i++) {
                cpu[i] = bean.getThreadCpuTime(ids[i]);
            }
        }
        ThreadCpu out = new ThreadCpu();
        Map<Long, Long> now = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            threads[i] = null;
            if (cpu[i] < 0) {
                continue; // ended between the listing and the read
            }
            Long before = last.get(ids[i]);
            now.put(ids[i], cpu[i]);
            out.add(ids[i], Math.max(0, cpu[i] - (before == null ? 0 : before)),
                    ThreadCpu.kindOf(t.getName(), t.getClass().getName()));
        }
        last = now;
        return out;
    }
}
