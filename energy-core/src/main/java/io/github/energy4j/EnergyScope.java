package io.github.energy4j;

import io.github.energy4j.internal.jfr.JfrEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Meters a piece of work between {@link EnergyMeter#scope(String)} and {@link #close()}: the CPU time of the
 * thread that opened it, plus the CPU time of work run on its behalf on other threads.
 * <pre>{@code
 * try (EnergyScope s = meter.scope("checkout")) {
 *     Future<?> f = pool.submit(s.wrap(() -> price(cart)));  // charged to the scope on the pool thread
 *     ship(cart);                                             // charged on this thread
 *     f.get();                                                // wait for the work before closing
 * }
 * // s.joules(), s.source()
 * }</pre>
 *
 * <p><b>Energy.</b> The scope's CPU time is priced at the node's active joules per busy CPU-second over the
 * sampling intervals it spans (the most recent interval when it is shorter than one): the same price as the
 * process's own energy, so scopes that do not overlap never add up to more than the process used.
 * {@link #gpuJoules()} is this process's attributed GPU energy during the span (see below).
 *
 * <p><b>Threads.</b> Each thread's CPU time is cut at every scope and task boundary and charged to the innermost
 * scope the thread works for at that moment, and to that scope's enclosing scopes (a nested scope's work is also
 * its parent's). Work reaches a scope through {@link #wrap(Runnable)}, {@link #wrap(Callable)},
 * {@link #wrapSupplier(Supplier)} or an executor from {@link #propagating(ExecutorService)}, which captures the
 * scope current on the submitting thread, so {@code CompletableFuture} chains that use it for their
 * {@code *Async} stages carry the scope along. A wrapped task run inline on a thread that has another scope open
 * is charged to the task's scope only. A task that started before the scope closed is charged in full, and the
 * accessors wait for it to end (at most 10 s; a task signals its future just before it ends); a task that starts
 * after the close is not charged.
 *
 * <p><b>Virtual threads</b> (Java 21+) have no CPU clock. Their CPU time is estimated from JFR execution samples
 * (see {@code VirtualThreadCpu}): the carriers' exact CPU time per second is split over the virtual threads by
 * their share of the samples, so a sleeping or blocked virtual thread is charged nothing. Such a scope reports
 * {@link Provenance#ESTIMATED} and {@link #cpuTimeExact()} false, and its figures are final only after JFR has
 * delivered the samples up to its close (two to four seconds): the accessors wait for that, at most 10 s.
 *
 * <p><b>GPU.</b> {@link #gpuJoules()} is this process's attributed share of the GPU zones over the sampling
 * intervals inside the scope ({@link #gpuSource()} {@code MEASURED}). In a container with its own pid namespace
 * the GPU driver reports host pids, so this process's pid is never in a GPU's process list; then, as long as it
 * has never been found in one, the share of every GPU process whose pid does not exist in this meter's proc root
 * is credited to this process, on the GPUs it may use ({@code CUDA_VISIBLE_DEVICES} and
 * {@code NVIDIA_VISIBLE_DEVICES}; all when unset), and {@link #gpuSource()} says {@code ESTIMATED}. That estimate
 * is an upper bound when other containers' processes share the same GPU.
 *
 * <p><b>Async scopes.</b> Work that starts on one thread and ends on another (a request in a reactive server, an
 * observation) uses {@link EnergyMeter#asyncScope(String)}: no thread works for it by being the opener; it is
 * charged only what is {@link #enter() entered} or wrapped for it, and it may be closed on any thread.
 *
 * <p><b>Thread-safety and misuse.</b> Close a thread scope on the thread that opened it (try-with-resources does):
 * {@link #close()} on another thread throws {@link IllegalStateException}, and the scope then reads unavailable.
 * {@link #wrap} and the accessors may be called from any thread; the accessors only after {@link #close()}.
 * Allocation: the scope object, and per virtual-thread slice one small record.
 */
public final class EnergyScope implements AutoCloseable {

    private static final VarHandle CHARGED;
    private static final VarHandle PENDING;
    private static final VarHandle STATE;
    private static final long SETTLE_TIMEOUT_NANOS = 10_000_000_000L;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CHARGED = l.findVarHandle(EnergyScope.class, "chargedCpuNanos", long.class);
            PENDING = l.findVarHandle(EnergyScope.class, "pendingSlices", int.class);
            STATE = l.findVarHandle(EnergyScope.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int CLOSED = 1;
    private static final int FINAL = 1 << 1;
    private static final int VIRTUAL = 1 << 2;       // some CPU time is a sample estimate
    private static final int NO_CPU_CLOCK = 1 << 3;  // the opening thread's CPU time cannot be measured
    private static final int MISUSED = 1 << 4;       // closed on another thread than the one that opened it
    private static final int GPU_ESTIMATED = 1 << 5;
    private static final int UNAVAILABLE = 1 << 6;   // fixed at FINAL: no CPU figure
    private static final int ESTIMATED = 1 << 7;     // fixed at FINAL: a model price or samples
    private static final int JFR_DONE = 1 << 8;      // the JFR event was committed

    private final EnergyMeter meter;
    private final String name;
    private final EnergyScope parent;
    private final Thread owner;
    private final long openNanos;
    // open: cumulative active joules, busy CPU-seconds and own GPU joules of the meter; after close: the scope's
    // price (joules per CPU-second), grams per joule and GPU joules (one field each, so a scope stays small)
    private double a;
    private double b;
    private double c;

    private volatile long chargedCpuNanos;
    private volatile int pendingSlices;
    private volatile int state;
    private volatile long closedAtNanos = Long.MAX_VALUE;

    private long cpuNanos; // fixed with FINAL
    private final Object jfr; // a JFR scope event when a recording enables it, else null

    /**
     * @param bound whether the opening thread works for the scope until it closes (a thread scope), or only the
     *              work entered or wrapped for it counts (an async scope, closable on any thread)
     */
    EnergyScope(EnergyMeter meter, String name, boolean bound) {
        this.meter = meter;
        this.name = name;
        this.owner = bound ? Thread.currentThread() : null;
        ScopeFrames frames = ScopeFrames.current();
        this.parent = frames.top();
        int st = 0;
        if (bound && !frames.canMeasure()) {
            st |= NO_CPU_CLOCK;
        }
        if (bound && frames.isVirtual()) {
            st |= VIRTUAL;
        }
        // the JFR event (when a recording wants it) begins with the scope; the start time is taken before the
        // price is read, so a GPU estimate published in between is flagged rather than missed
        this.jfr = JfrEvents.beginScope();
        this.openNanos = System.nanoTime();
        double[] p = meter.priceBuffer();
        this.a = p[0];
        this.b = p[1];
        this.c = p[4];
        this.state = st;
        if (bound) {
            frames.push(this);
        }
    }

    /** The scope the calling thread works for now (opened here, or propagated to a task), if any. */
    public static Optional<EnergyScope> current() {
        return Optional.ofNullable(ScopeFrames.currentScope());
    }

    /**
     * An executor that runs each task for the scope current on the submitting thread (none: the task runs
     * unmetered, as before). Shutdown and the other {@link ExecutorService} methods go to {@code executor}.
     */
    public static ExecutorService propagating(ExecutorService executor) {
        return new PropagatingExecutorService(Objects.requireNonNull(executor, "executor"));
    }

    /** An executor that runs each task for the scope current on the submitting thread. */
    public static Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (executor instanceof ExecutorService) {
            return propagating((ExecutorService) executor);
        }
        return task -> executor.execute(wrapCurrent(task));
    }

    static Runnable wrapCurrent(Runnable task) {
        EnergyScope s = ScopeFrames.currentScope();
        return s == null ? task : s.wrap(task);
    }

    static <T> Callable<T> wrapCurrent(Callable<T> task) {
        EnergyScope s = ScopeFrames.currentScope();
        return s == null ? task : s.wrap(task);
    }

    public String name() {
        return name;
    }

    /** The scope this one was opened in (on the same thread, or in a task run for it), or null. */
    EnergyScope parent() {
        return parent;
    }

    /** Whether {@link #close()} was called (the accessors may still wait for virtual-thread samples). */
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /**
     * A task that charges the CPU time it uses, on whatever thread runs it, to this scope (and the scopes this one
     * is nested in). A task that starts after this scope closed runs uncharged.
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            EnergyScope[] held = holdChain();
            if (held == null) {
                task.run(); // started after the scope closed: not its work
                return;
            }
            ScopeFrames f = ScopeFrames.current();
            f.push(this);
            try {
                task.run();
            } finally {
                f.pop(this);
                release(held);
            }
        };
    }

    /** Like {@link #wrap(Runnable)}, for a task with a result. */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            EnergyScope[] held = holdChain();
            if (held == null) {
                return task.call(); // started after the scope closed: not its work
            }
            ScopeFrames f = ScopeFrames.current();
            f.push(this);
            try {
                return task.call();
            } finally {
                f.pop(this);
                release(held);
            }
        };
    }

    /**
     * Like {@link #wrap(Runnable)}, for {@code CompletableFuture.supplyAsync}. Named apart from
     * {@link #wrap(Callable)} so that a value-returning lambda is never an ambiguous argument.
     */
    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            EnergyScope[] held = holdChain();
            if (held == null) {
                return task.get(); // started after the scope closed: not its work
            }
            ScopeFrames f = ScopeFrames.current();
            f.push(this);
            try {
                return task.get();
            } finally {
                f.pop(this);
                release(held);
            }
        };
    }

    /**
     * Charges the calling thread's CPU time to this scope until the returned entry is closed (on this thread), for
     * frameworks that move work between threads themselves (an observation or a reactive context made current on
     * each thread that works for it). Entries nest like scopes. Entering a closed scope charges nothing.
     * <pre>{@code
     * try (EnergyScope.Entry e = scope.enter()) {
     *     handle(request);
     * }
     * }</pre>
     */
    public Entry enter() {
        EnergyScope[] held = holdChain();
        if (held == null) {
            return new Entry(null, null, null);
        }
        ScopeFrames f = ScopeFrames.current();
        f.push(this);
        return new Entry(this, f, held);
    }

    /** The calling thread working for a scope, from {@link #enter()} until {@link #close()}. */
    public static final class Entry implements AutoCloseable {
        private final EnergyScope scope;
        private final ScopeFrames frames;
        private final Thread thread;
        private EnergyScope[] held;

        private Entry(EnergyScope scope, ScopeFrames frames, EnergyScope[] held) {
            this.scope = scope;
            this.frames = frames;
            this.held = held;
            this.thread = Thread.currentThread();
        }

        /**
         * Stops charging this thread to the scope. Idempotent.
         *
         * @throws IllegalStateException on another thread than the one that entered
         */
        @Override
        public void close() {
            if (held == null) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("scope '" + scope.name + "' was entered on thread '" + thread.getName()
                        + "' and left on '" + Thread.currentThread().getName() + "'; leave it on the thread that "
                        + "entered it");
            }
            frames.pop(scope);
            release(held);
            held = null;
        }
    }

    // ---- charging (any thread) ----

    /**
     * Marks a task as running for this scope and its open ancestors, so that they wait for its CPU time before
     * they report: a task signals its caller (completes its future) before its last slice is charged. Null when
     * this scope is already closed.
     */
    private EnergyScope[] holdChain() {
        if (isClosed()) {
            return null;
        }
        int n = 0;
        for (EnergyScope s = this; s != null; s = s.parent) {
            n++;
        }
        EnergyScope[] held = new EnergyScope[n];
        int k = 0;
        for (EnergyScope s = this; s != null; s = s.parent) {
            if (!s.isClosed()) {
                PENDING.getAndAdd(s, 1);
                held[k++] = s;
            }
        }
        return held;
    }

    private static void release(EnergyScope[] held) {
        for (EnergyScope s : held) {
            if (s != null) {
                s.pendingDone((int) PENDING.getAndAdd(s, -1) - 1);
            }
        }
    }

    /** After a pending task or slice ended: a closed scope's JFR event goes out once nothing is pending. */
    private void pendingDone(int left) {
        if (left == 0 && jfr != null && isClosed()) {
            commitJfr();
        }
    }

    private void commitJfr() {
        int st;
        do {
            st = state;
            if ((st & JFR_DONE) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, st, st | JFR_DONE));
        JfrEvents.commitScope(jfr, name, cpuJoules(), c, cpuNanos, source().toString());
    }

    /** Charges CPU time; accepted until the scope's figures are fixed (tasks that started before close). */
    void chargeCpu(long nanos) {
        if ((state & FINAL) == 0) {
            CHARGED.getAndAdd(this, nanos);
        }
    }

    void chargeVirtualCpu(long nanos) {
        chargeCpu(nanos);
        setState(VIRTUAL);
    }

    /** A virtual-thread slice registered (+1) or settled (-1): its CPU time is a sample estimate. */
    void slicePending(int delta) {
        int left = (int) PENDING.getAndAdd(this, delta) + delta;
        if (delta > 0) {
            setState(VIRTUAL);
        } else {
            pendingDone(left);
        }
    }

    long closedAtNanos() {
        return closedAtNanos;
    }

    private void setState(int bits) {
        int st;
        do {
            st = state;
        } while ((st & bits) != bits && !STATE.compareAndSet(this, st, st | bits));
    }

    /**
     * Ends the scope. Idempotent. Work still running for it on other threads is not charged from here on.
     *
     * @throws IllegalStateException when called on another thread than the one that opened a thread scope; the
     *                               scope then reads unavailable (its thread's CPU time could not be cut at close).
     *                               An async scope ({@link EnergyMeter#asyncScope(String)}) may close on any thread.
     */
    @Override
    public void close() {
        int st = state;
        if ((st & CLOSED) != 0) {
            return;
        }
        long end = System.nanoTime();
        if (jfr != null) {
            JfrEvents.endScope(jfr);
        }
        if (owner != null && Thread.currentThread() != owner) {
            a = Double.NaN;
            b = Double.NaN;
            c = Double.NaN;
            closedAtNanos = end;
            setState(CLOSED | MISUSED);
            closedJfr();
            throw new IllegalStateException("scope '" + name + "' was opened on thread '" + owner.getName()
                    + "' and closed on '" + Thread.currentThread().getName() + "'; close a scope on the thread that "
                    + "opened it and hand work to other threads with scope.wrap(...) or EnergyScope.propagating(...)");
        }
        if (owner != null) {
            ScopeFrames.current().pop(this); // charges this thread's last slice
            // the wall clock stops after the CPU clock's last read, as it started before its first: a scope's CPU
            // time on one thread never exceeds its elapsed time
            end = System.nanoTime();
        }
        closedAtNanos = end;
        double[] p = meter.priceBuffer();
        // GPU energy as it stood at close: sampling below to establish a CPU price must not add to it
        double gpuNow = Math.max(0, p[4] - c);
        boolean gpuEstimated = gpuNow > 0 && p[5] >= openNanos; // an estimate was credited since open
        double spanActive = p[0] - a;
        double spanBusy = p[1] - b;
        // a span with only a few busy ticks prices badly (see Sampler#publishPrice): the last interval's price then
        double pr = spanBusy >= meter.minPricedBusySeconds() || (spanBusy > 0 && Double.isNaN(p[2]))
                ? spanActive / spanBusy : p[2];
        if (Double.isNaN(pr)) {
            // closed before the meter finished its first interval: sample now rather than guess
            p = meter.establishPrice();
            pr = p[2];
        }
        this.a = pr;
        this.b = p[3];
        this.c = gpuNow;
        setState(CLOSED | (gpuEstimated ? GPU_ESTIMATED : 0));
        closedJfr();
    }

    private void closedJfr() {
        if (jfr != null && pendingSlices == 0) {
            commitJfr();
        }
    }

    /**
     * Waits for tasks that started before close and for pending virtual-thread samples (at most 10 s), then fixes
     * CPU time, joules and provenance once.
     */
    private int finalState() {
        int st = state;
        if ((st & CLOSED) == 0) {
            throw new IllegalStateException("scope '" + name + "' is still open; read it after close()");
        }
        if ((st & FINAL) != 0) {
            return st;
        }
        long deadline = System.nanoTime() + SETTLE_TIMEOUT_NANOS;
        while (pendingSlices > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        synchronized (this) {
            st = state;
            if ((st & FINAL) != 0) {
                return st;
            }
            this.cpuNanos = chargedCpuNanos;
            int bits = FINAL;
            if ((st & (MISUSED | NO_CPU_CLOCK)) != 0 || Double.isNaN(a)) {
                bits |= UNAVAILABLE;
            } else if ((st & VIRTUAL) != 0 || meter.cpuEstimated()) {
                bits |= ESTIMATED;
            }
            setState(bits);
            return state;
        }
    }

    /** Whether CPU time is exact (platform threads) rather than estimated from samples (virtual threads). */
    public boolean cpuTimeExact() {
        return (state & (VIRTUAL | NO_CPU_CLOCK | MISUSED)) == 0;
    }

    /** CPU joules of this scope (NaN when unavailable: see {@link #source()}); after {@link #close()}. */
    public double cpuJoules() {
        return (finalState() & UNAVAILABLE) != 0 ? Double.NaN : cpuNanos * 1e-9 * a;
    }

    /** CPU plus GPU joules: the scope's energy (NaN when the CPU part is unavailable); after {@link #close()}. */
    public double joules() {
        return cpuJoules() + gpuJoules();
    }

    /** GPU joules of this process during the scope; after {@link #close()}. */
    public double gpuJoules() {
        finalState();
        return c;
    }

    /**
     * How {@link #gpuJoules()} was obtained: {@code MEASURED} (this process's attributed share, 0 without
     * GPUs) or {@code ESTIMATED} (some of it credited by the other-pid-namespace rule in the class
     * description); after {@link #close()}.
     */
    public Provenance gpuSource() {
        return (finalState() & GPU_ESTIMATED) != 0 ? Provenance.ESTIMATED : Provenance.MEASURED;
    }

    /**
     * Measured, estimated (a model price or virtual-thread samples) or unavailable (no price, no CPU clock, or
     * closed on the wrong thread); after {@link #close()}.
     */
    public Provenance source() {
        int st = finalState();
        return (st & UNAVAILABLE) != 0 ? Provenance.UNAVAILABLE
                : (st & ESTIMATED) != 0 ? Provenance.ESTIMATED : Provenance.MEASURED;
    }

    /** CPU time charged to the scope, on every thread; after {@link #close()}. */
    public Duration cpuTime() {
        finalState();
        return Duration.ofNanos(cpuNanos);
    }

    /** Wall-clock duration; after {@link #close()}. */
    public Duration elapsed() {
        finalState();
        return Duration.ofNanos(closedAtNanos - openNanos);
    }

    /** CO2e grams of CPU and GPU energy, NaN without a grid intensity; after {@link #close()}. */
    public double carbonGrams() {
        double j = cpuJoules();
        return (Double.isNaN(j) ? c : j + c) * b;
    }

    /** The whole reading as a record; after {@link #close()}. */
    public EnergyReading result() {
        return new EnergyReading(name, cpuJoules(), gpuJoules(), cpuTime(), elapsed(), source(), carbonGrams(),
                gpuSource());
    }

    @Override
    public String toString() {
        int st = state;
        if ((st & FINAL) == 0) {
            return "EnergyScope[" + name + ((st & CLOSED) == 0 ? ", open]" : ", closed]");
        }
        return "EnergyScope[" + name + ", " + cpuJoules() + " J CPU, " + gpuJoules() + " J GPU, " + source() + "]";
    }
}
