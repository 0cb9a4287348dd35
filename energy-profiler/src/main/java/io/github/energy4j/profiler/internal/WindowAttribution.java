package io.github.energy4j.profiler.internal;

/**
 * Splits one window's CPU energy over its samples: a pure function of the window (samples, the process's CPU
 * energy and CPU time, the threads' CPU time) into self energy per call-tree node.
 *
 * <p><b>Method.</b> Let {@code E} be the process's CPU energy over the window (the meter's figure: its CPU time
 * priced at the node's active joules per busy CPU-second) and {@code C} its CPU time. The samples are grouped by
 * the thread that used the CPU: each platform thread is a group with its own exact CPU time (from
 * {@code ThreadMXBean}); the virtual threads and their carriers are one group, since JFR names the virtual thread
 * while the CPU clock is the carrier's, and which carrier ran which virtual thread is not recorded. A group with
 * CPU time {@code c} gets {@code E × c / C}, shared equally by its samples: a sample stands for an equal slice of
 * its thread's CPU time, so within a thread the samples are a random draw of where its CPU time went. This is the
 * ratio estimator of {@code E × cpu(T) / cpu(all) / samples(T)} per sample of thread T, unbiased per thread for
 * uniform sampling; the error of a method's share falls as one over the square root of its samples.
 *
 * <ul>
 *   <li>Execution samples ({@code jdk.ExecutionSample}: the thread ran Java code) are used; a group with none
 *       uses its native samples ({@code jdk.NativeMethodSample}), which also catch threads blocked in native code,
 *       but those used no CPU time and so carry no energy.
 *   <li>A thread that used CPU time but was never sampled in the window: its energy goes to {@link Pseudo#unsampled}.
 *   <li>The profiler's own threads and JFR's: {@link Pseudo#profiler}, whatever their samples.
 *   <li>A thread that was sampled but ended before the window closed has no CPU clock left to read: its CPU time
 *       is estimated as its samples times the window's CPU time per sample of the threads whose time is known
 *       (the sampling interval when there are none).
 *   <li>CPU time no Java thread accounts for (garbage collector, JIT compiler, VM threads, the process's clock
 *       being ahead of the threads'): {@code E × (C − Σ threads) / C} goes to {@link Pseudo#jvm}. {@code C} is the
 *       larger of the process's CPU time and the threads' sum, since the two clocks tick differently.
 * </ul>
 *
 * <p>Conservation: the window's joules added to the nodes sum to {@code E} (NaN counts as 0).
 *
 * <p>Not thread-safe; allocates a small map per window.
 */
public final class WindowAttribution {

    /**
     * The call-tree nodes of the frames that stand for energy no sample names. Their names are bracketed, which no
     * Java method name can be, and hold no spaces, so collapsed-stack tools split their lines right.
     */
    public record Pseudo(int jvm, int unsampled, int profiler) {

        /** Frame of CPU time no Java thread accounts for: GC, JIT compiler and VM threads. */
        public static final String JVM = "[jvm:gc+jit+vm-threads]";
        /** Frame of CPU time of Java threads that had no sample in the window. */
        public static final String UNSAMPLED = "[unsampled-java-threads]";
        /** Frame of the profiler's own cost: its threads and JFR's. */
        public static final String PROFILER = "[energy4j-profiler+jfr]";

        /** The three pseudo-frames as children of the root of {@code tree}. */
        public static Pseudo in(CallTree tree) {
            return new Pseudo(tree.path(java.util.List.of(JVM)), tree.path(java.util.List.of(UNSAMPLED)),
                    tree.path(java.util.List.of(PROFILER)));
        }
    }

    /**
     * What one window contributed.
     *
     * @param joules          energy added to the nodes (the window's CPU energy; 0 when unreadable)
     * @param samples         samples that carried energy
     * @param sampledCpuNanos CPU time of the threads whose energy went to their samples
     * @param cpuNanos        the window's CPU time, {@code C} above
     * @param priced          false when the meter had no CPU energy figure for the window
     */
    public record Result(double joules, long samples, long sampledCpuNanos, long cpuNanos, boolean priced) {
    }

    private static final int CARRIERS = 0;
    private static final int PROFILER = 1;

    private WindowAttribution() {
    }

    /**
     * Adds the window's CPU energy to {@code out}.
     *
     * @param w                 a closed window
     * @param samplePeriodNanos the sampling interval, for the CPU time of sampled threads that ended in the window
     *                          when no other thread's CPU time per sample is known
     * @param pseudo            nodes for energy no sample names
     * @param out               receives self joules and samples per node
     * @throws IllegalStateException when {@code w} is not closed
     */
    public static Result attribute(Window w, long samplePeriodNanos, Pseudo pseudo, NodeEnergy out) {
        if (!w.closed()) {
            throw new IllegalStateException("window is still open");
        }
        ThreadCpu threads = w.threads();
        int cap = threads.size() + 8;
        long[] cpu = new long[cap]; // -1: unknown (sampled, but no clock at the window's end)
        long[] exec = new long[cap];
        long[] nat = new long[cap];
        int groups = 2;
        LongIntMap groupOf = new LongIntMap(cap);
        for (int i = 0; i < threads.size(); i++) {
            byte kind = threads.kind(i);
            int g;
            if (kind == ThreadCpu.CARRIER) {
                g = CARRIERS;
            } else if (kind == ThreadCpu.PROFILER) {
                g = PROFILER;
            } else {
                g = groups++;
            }
            cpu[g] += threads.cpuNanos(i);
            groupOf.put(threads.id(i), g);
        }
        // group of each sample; samples of threads unknown to the table open groups of unknown CPU time
        int n = w.samples();
        int[] sampleGroup = new int[n];
        for (int s = 0; s < n; s++) {
            int g;
            if ((w.flags(s) & Window.VIRTUAL) != 0) {
                g = CARRIERS;
            } else {
                g = groupOf.get(w.threadId(s));
                if (g == LongIntMap.MISSING) {
                    g = groups++;
                    if (g == cpu.length) {
                        cpu = java.util.Arrays.copyOf(cpu, g * 2);
                        exec = java.util.Arrays.copyOf(exec, g * 2);
                        nat = java.util.Arrays.copyOf(nat, g * 2);
                    }
                    cpu[g] = -1;
                    groupOf.put(w.threadId(s), g);
                }
            }
            sampleGroup[s] = g;
            if ((w.flags(s) & Window.NATIVE) != 0) {
                nat[g]++;
            } else {
                exec[g]++;
            }
        }
        // CPU time per sample of the threads whose time is known, for those whose time is not
        long knownCpu = 0;
        long knownSamples = 0;
        for (int g = 0; g < groups; g++) {
            long used = exec[g] > 0 ? exec[g] : nat[g];
            if (g != PROFILER && cpu[g] >= 0 && used > 0) {
                knownCpu += cpu[g];
                knownSamples += used;
            }
        }
        double cpuPerSample = knownSamples > 0 ? (double) knownCpu / knownSamples : samplePeriodNanos;
        double threadCpu = 0;
        double[] groupCpu = new double[groups];
        for (int g = 0; g < groups; g++) {
            if (cpu[g] >= 0) {
                groupCpu[g] = cpu[g];
            } else {
                long used = exec[g] > 0 ? exec[g] : nat[g];
                groupCpu[g] = g == PROFILER ? 0 : used * cpuPerSample;
            }
            threadCpu += groupCpu[g];
        }
        double c = Math.max(w.processCpuNanos(), threadCpu);
        boolean priced = !Double.isNaN(w.cpuJoules());
        double e = priced ? Math.max(0, w.cpuJoules()) : 0;
        if (c <= 0) {
            if (e > 0) {
                out.add(pseudo.jvm(), e, 0);
            }
            return new Result(e, 0, 0, 0, priced);
        }
        double[] perSample = new double[groups];
        long sampledCpu = 0;
        double added = 0;
        for (int g = 0; g < groups; g++) {
            double eg = e * groupCpu[g] / c;
            long used = exec[g] > 0 ? exec[g] : nat[g];
            if (g == PROFILER) {
                if (eg > 0) {
                    out.add(pseudo.profiler(), eg, 0);
                    added += eg;
                }
            } else if (used == 0) {
                if (eg > 0) {
                    out.add(pseudo.unsampled(), eg, 0);
                    added += eg;
                }
            } else {
                perSample[g] = eg / used;
                if (groupCpu[g] > 0) {
                    sampledCpu += (long) groupCpu[g];
                }
            }
        }
        long charged = 0;
        for (int s = 0; s < n; s++) {
            int g = sampleGroup[s];
            if (g == PROFILER) {
                continue;
            }
            boolean nativeSample = (w.flags(s) & Window.NATIVE) != 0;
            if (nativeSample == (exec[g] == 0) && groupCpu[g] > 0) {
                out.add(w.leaf(s), perSample[g], 1);
                added += perSample[g];
                charged++;
            }
        }
        double jvm = e - added; // e × (c − threadCpu) / c, up to rounding, so that the window sums to e exactly
        if (jvm > 0) {
            out.add(pseudo.jvm(), jvm, 0);
        }
        return new Result(e, charged, sampledCpu, (long) c, priced);
    }
}
