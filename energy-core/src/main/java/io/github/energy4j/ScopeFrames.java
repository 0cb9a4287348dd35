package io.github.energy4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What one thread is working for: a stack of frames, each naming the scope whose work the thread does while the
 * frame is on top (a scope opened on this thread, or a wrapped task run for a scope).
 *
 * <p>The thread's CPU time is cut into slices at every push and pop; a slice is charged to the top frame's scope
 * and to its open ancestors (a nested scope's work is also its parent's), each once. Slices never overlap, so a
 * task run inline on a thread that has another scope open is charged to the task's scope only: disjoint scopes
 * never share CPU time, and their sum never exceeds the process's.
 *
 * <p>Platform threads read their own CPU clock at each boundary (exact). A virtual thread's CPU time is not
 * observable (the JDK returns -1), so its slices are registered with {@link VirtualThreadCpu}, which estimates
 * them from JFR execution samples.
 *
 * <p>One instance per thread; only that thread touches it.
 */
final class ScopeFrames {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    private static final ThreadLocal<ScopeFrames> FRAMES = ThreadLocal.withInitial(ScopeFrames::new);

    private final boolean virtual;
    private final long threadId;
    private EnergyScope[] frames = new EnergyScope[8];
    private VirtualThreadCpu.Slice[] slices; // virtual threads: the open registrations of the top frame's chain
    private int sliceCount;
    private int depth;
    private long sliceStartCpu;

    private ScopeFrames() {
        Thread t = Thread.currentThread();
        this.virtual = isVirtual(t);
        this.threadId = t.getId();
        this.slices = virtual ? new VirtualThreadCpu.Slice[4] : null;
    }

    static ScopeFrames current() {
        return FRAMES.get();
    }

    /** The innermost open scope this thread works for, or null. */
    static EnergyScope currentScope() {
        return FRAMES.get().top();
    }

    boolean isVirtual() {
        return virtual;
    }

    /** Whether this thread's CPU time can be charged at all (exactly, or estimated by samples). */
    boolean canMeasure() {
        return virtual ? VirtualThreadCpu.available() : cpuClockSupported();
    }

    EnergyScope top() {
        for (int i = depth - 1; i >= 0; i--) {
            if (!frames[i].isClosed()) {
                return frames[i];
            }
        }
        return null;
    }

    void push(EnergyScope s) {
        long now = cpuNow();
        endSlice(now);
        while (depth > 0 && frames[depth - 1].isClosed()) {
            frames[--depth] = null; // closed from another thread (misuse): nothing left to charge
        }
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = s;
        startSlice(now);
    }

    /** Pops {@code s}, wherever it is in the stack (scopes closed out of order stay defined). */
    void pop(EnergyScope s) {
        long now = cpuNow();
        endSlice(now);
        for (int i = depth - 1; i >= 0; i--) {
            if (frames[i] == s) {
                System.arraycopy(frames, i + 1, frames, i, depth - i - 1);
                frames[--depth] = null;
                break;
            }
        }
        startSlice(now);
    }

    private void startSlice(long cpu) {
        sliceStartCpu = cpu;
        if (!virtual || depth == 0) {
            return;
        }
        long wall = System.nanoTime();
        for (EnergyScope s = frames[depth - 1]; s != null; s = s.parent()) {
            if (!s.isClosed()) {
                if (sliceCount == slices.length) {
                    slices = java.util.Arrays.copyOf(slices, sliceCount * 2);
                }
                VirtualThreadCpu.Slice sl = VirtualThreadCpu.open(threadId, s, wall);
                if (sl != null) {
                    slices[sliceCount++] = sl;
                }
            }
        }
    }

    private void endSlice(long cpu) {
        if (depth == 0) {
            return;
        }
        if (virtual) {
            long wall = System.nanoTime();
            for (int i = 0; i < sliceCount; i++) {
                VirtualThreadCpu.close(slices[i], wall);
                slices[i] = null;
            }
            sliceCount = 0;
            return;
        }
        long delta = cpu - sliceStartCpu;
        if (cpu < 0 || sliceStartCpu < 0 || delta <= 0) {
            return;
        }
        for (EnergyScope s = frames[depth - 1]; s != null; s = s.parent()) {
            s.chargeCpu(delta);
        }
    }

    private long cpuNow() {
        if (virtual) {
            return -1;
        }
        try {
            return THREADS.getCurrentThreadCpuTime();
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    private static boolean cpuClockSupported() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** {@code Thread.isVirtual()} on Java 21+, false before (the library targets Java 17). */
    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
