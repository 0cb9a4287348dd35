package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyScope;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One observation's energy: its async scope, and how many thread entries still charge it, its own and those of the
 * observations nested in it (an entry of a nested observation charges its enclosing scopes too, so they are read
 * only once it is closed). Thread-safe.
 */
final class ObservationEnergy {

    private final Observation.Context context;
    private final EnergyScope scope;
    private final ObservationEnergy parent;
    private final Thread startThread;
    private final AtomicInteger openEntries = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean current; // made current on another thread than the one that started it

    /**
     * @param parent the observation whose entry was innermost on the starting thread (its scope is the parent of
     *               {@code scope}), or null
     */
    ObservationEnergy(Observation.Context context, EnergyScope scope, ObservationEnergy parent) {
        this.context = context;
        this.scope = scope;
        this.parent = parent;
        this.startThread = Thread.currentThread();
    }

    Observation.Context context() {
        return context;
    }

    EnergyScope scope() {
        return scope;
    }

    Thread startThread() {
        return startThread;
    }

    boolean isStopped() {
        return stopped;
    }

    /** Called after the scope is closed, so that whoever sees {@code stopped} may read it. */
    void markStopped() {
        stopped = true;
    }

    /** Whether it was made current on another thread than the one that started it. */
    boolean isCurrentElsewhere() {
        return current;
    }

    void markCurrentElsewhere() {
        current = true;
    }

    /**
     * Counts an entry opened now on this observation and on its enclosing observations that are not yet stopped
     * (those whose scopes the entry charges); returns them, for {@link #release(ObservationEnergy[], Consumer)}.
     */
    ObservationEnergy[] hold() {
        int n = 0;
        for (ObservationEnergy o = this; o != null; o = o.parent) {
            n++;
        }
        ObservationEnergy[] held = new ObservationEnergy[n];
        int k = 0;
        for (ObservationEnergy o = this; o != null; o = o.parent) {
            if (!o.stopped) {
                o.openEntries.incrementAndGet();
                held[k++] = o;
            }
        }
        return held;
    }

    /**
     * Uncounts an entry closed now; {@code done} receives each observation that this made ready to be read (stopped,
     * no entry left), once.
     */
    static void release(ObservationEnergy[] held, Consumer<ObservationEnergy> done) {
        for (ObservationEnergy o : held) {
            if (o != null && o.openEntries.decrementAndGet() == 0 && o.stopped) {
                o.finishIfReady(done);
            }
        }
    }

    /** Hands this observation to {@code done} once, when it is stopped and no entry charges it any longer. */
    void finishIfReady(Consumer<ObservationEnergy> done) {
        if (stopped && openEntries.get() == 0 && finished.compareAndSet(false, true)) {
            done.accept(this);
        }
    }

    /** Whether {@code other} is this observation or one nested in it (its parent chain reaches this one). */
    boolean encloses(Observation.ContextView other) {
        Observation.ContextView c = other;
        for (int depth = 0; c != null && depth < 64; depth++) {
            if (c == context) {
                return true;
            }
            ObservationView p = c.getParentObservation();
            c = p == null ? null : p.getContextView();
        }
        return false;
    }
}
