package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyReading;
import io.github.energy4j.EnergyScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters the energy of every observation (Spring MVC and WebFlux requests, HTTP clients, {@code @Observed}
 * methods, anything instrumented with the Observation API): each observation is an
 * {@link EnergyMeter#asyncScope(String) async scope} of {@code meter} charged the CPU time of the threads that work
 * for it, and at its end its CPU joules are added to a counter named after it.
 * <pre>{@code
 * ObservationRegistry observations = ObservationRegistry.create();
 * observations.observationConfig().observationHandler(new EnergyObservationHandler(meter, meterRegistry));
 * Observation.createNotStarted("checkout", observations).lowCardinalityKeyValue("tier", "gold")
 *         .observe(() -> checkout(cart));
 * // checkout.energy{tier="gold",provenance="measured"} += the joules; Prometheus: checkout_energy_joules_total
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><th>name</th><th>type, base unit</th><th>tags</th><th>value</th></tr>
 *   <tr><td>{@code <observation name>.energy} (e.g. {@code http_server_requests_energy_joules_total})</td>
 *       <td>Counter, joules</td><td>the observation's low-cardinality key values and {@code provenance}
 *       ({@code measured} or {@code estimated})</td><td>CPU energy charged to the observations of that name</td></tr>
 *   <tr><td>{@code energy.observation.unavailable} ({@code energy_observation_unavailable_total})</td>
 *       <td>Counter</td><td>{@code observation} (the observation name)</td><td>observations whose energy could not
 *       be priced (no CPU clock, no power reading): never counted as 0 J</td></tr>
 * </table>
 *
 * <p><b>Names and tags.</b> One meter name per observation name, so each name has one tag-key set (Prometheus drops a
 * meter whose keys differ from an earlier one of its name): the first observation of a name fixes its keys, and a
 * later one with other keys is counted under those (a missing key reads {@code none}, an extra one is dropped, and
 * a WARN is logged once per name). High-cardinality key values are never tags. An observation's own
 * {@code provenance} key is replaced by the handler's.
 *
 * <p><b>The reading.</b> When an observation is counted, its {@link EnergyReading} is put on its context under the
 * key {@code EnergyReading.class} ({@code context.get(EnergyReading.class)}), for handlers and code that keep the
 * context; once it is there, the counter has been incremented. The counter adds {@link EnergyReading#cpuJoules()}
 * only: {@link EnergyReading#gpuJoules()} is this process's GPU energy during the span, which overlapping
 * observations would each count again.
 *
 * <p><b>Which threads are charged.</b>
 * <ul>
 *   <li>Where it is current: between {@code onScopeOpened} and {@code onScopeClosed} (or {@code onScopeReset}) on
 *       any thread ({@code observation.openScope()}, {@code observe(...)}, context propagation to other threads).</li>
 *   <li>Its starting thread, from {@code onStart} until it is first made current there (a <em>start entry</em>), so
 *       that an observation started and stopped on one thread without a scope is metered. The start entry also ends
 *       at the observation's stop on that thread, and at the thread's first handler call after the observation was
 *       stopped or made current on another thread, or for an observation that is neither this one nor nested in it
 *       (the thread went on to other work, as an event loop does).</li>
 *   <li>Work of a nested observation is also charged to the enclosing one, as nested scopes are.</li>
 * </ul>
 * An observation is counted once it is stopped and no entry charges it any longer (its own entries and those of the
 * observations nested in it): at {@code onStop}, or on the thread that closes the last entry. One stopped on another
 * thread while its start entry is open (a client call started on a request thread and completed on an I/O thread)
 * is counted at the starting thread's next handler call and charged that thread's work until then; if that thread
 * never calls the handler again, it is not counted.
 *
 * <p><b>Threading and blocking.</b> Thread-safe; one instance serves any number of observations and threads.
 * Observations charged with exact CPU time (platform threads) are read and counted on the thread that finishes them,
 * without waiting (unless the application wrapped tasks for an observation's scope that still run: as
 * {@link EnergyScope}'s accessors do, the reading waits for them, at most 10 s). Those charged on virtual threads
 * are read on a daemon thread ({@code energy4j-observations}), because their CPU time is final only once JFR has
 * delivered its samples (two to four seconds); their counter and context reading appear then. Allocation per
 * observation: the scope, a small state object, one entry per thread entered, and the counter's tags.
 *
 * <p><b>Failures.</b> The handler never throws into the application's observation: a failure is logged (WARN the
 * first time per callback, DEBUG afterwards) and that observation is not counted. A closed meter meters nothing.
 */
public final class EnergyObservationHandler implements ObservationHandler<Observation.Context>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyObservationHandler.class);

    private final EnergyMeter meter;
    private final ObservationMeters meters;
    private final ThreadLocal<ThreadEntries> entries = ThreadLocal.withInitial(ThreadEntries::new);
    private final Consumer<ObservationEnergy> finish = this::finish;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Object settlerLock = new Object();
    private ExecutorService settler; // guarded by settlerLock
    private boolean closed;          // guarded by settlerLock

    /**
     * A handler that meters observations with {@code meter} and counts them in {@code registry}.
     *
     * @param meter    meters each observation's scope; the handler does not close it
     * @param registry where the {@code <observation name>.energy} counters are registered
     */
    public EnergyObservationHandler(EnergyMeter meter, MeterRegistry registry) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.meters = new ObservationMeters(Objects.requireNonNull(registry, "registry"));
    }

    /** Every observation: the handler meters whatever is observed. */
    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    @Override
    public void onStart(Observation.Context context) {
        try {
            ThreadEntries t = entries.get();
            t.sweep(context, finish);
            EnergyScope scope;
            try {
                scope = meter.asyncScope(context.getName());
            } catch (IllegalStateException e) {
                if (meter.isClosed()) {
                    return; // the application is shutting down
                }
                throw e;
            }
            ObservationEnergy o = new ObservationEnergy(context, scope, t.innermost());
            context.put(ObservationEnergy.class, o);
            t.open(o, true);
        } catch (RuntimeException e) {
            failed("onStart", e);
        }
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
        try {
            ThreadEntries t = entries.get();
            t.sweep(context, finish);
            ObservationEnergy o = context.get(ObservationEnergy.class);
            if (o == null || o.isStopped()) {
                return;
            }
            if (o.startThread() != Thread.currentThread()) {
                o.markCurrentElsewhere();
            } else {
                t.closeStartEntry(o, finish); // made current here: from now on charged where and while current
            }
            t.open(o, false);
        } catch (RuntimeException e) {
            failed("onScopeOpened", e);
        }
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
        try {
            ThreadEntries t = entries.get();
            ObservationEnergy o = context.get(ObservationEnergy.class);
            if (o != null) {
                t.closeScopeEntry(o, finish);
            }
            t.sweep(context, finish);
        } catch (RuntimeException e) {
            failed("onScopeClosed", e);
        }
    }

    /** The observation is no longer current on this thread: every entry of it here ends, its start entry too. */
    @Override
    public void onScopeReset(Observation.Context context) {
        try {
            ThreadEntries t = entries.get();
            ObservationEnergy o = context.get(ObservationEnergy.class);
            if (o != null) {
                t.closeAll(o, finish);
            }
            t.sweep(null, finish);
        } catch (RuntimeException e) {
            failed("onScopeReset", e);
        }
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        sweep(context, "onEvent");
    }

    @Override
    public void onError(Observation.Context context) {
        sweep(context, "onError");
    }

    @Override
    public void onStop(Observation.Context context) {
        try {
            ThreadEntries t = entries.get();
            ObservationEnergy o = context.get(ObservationEnergy.class);
            if (o != null) {
                t.closeAll(o, finish);
                o.scope().close();
                o.markStopped();
                t.sweep(context, finish);
                o.finishIfReady(finish);
            } else {
                t.sweep(context, finish);
            }
        } catch (RuntimeException e) {
            failed("onStop", e);
        }
    }

    /**
     * Stops the daemon thread that reads virtual-thread observations, after the readings it was given. Observations
     * that end afterwards are still counted when their CPU time is exact. Idempotent; does not close the meter.
     */
    @Override
    public void close() {
        synchronized (settlerLock) {
            closed = true;
            if (settler != null) {
                settler.shutdown();
            }
        }
    }

    private void sweep(Observation.Context context, String callback) {
        try {
            entries.get().sweep(context, finish);
        } catch (RuntimeException e) {
            failed(callback, e);
        }
    }

    /** Reads a stopped observation nothing charges any longer, now or (virtual threads) on the settler thread. */
    private void finish(ObservationEnergy o) {
        if (o.scope().cpuTimeExact()) {
            record(o);
            return;
        }
        ExecutorService s = settler();
        if (s == null) {
            LOG.debug("observation '{}' not counted: the handler is closed and its CPU time is a sample estimate",
                    o.context().getName());
            return;
        }
        try {
            s.execute(() -> record(o));
        } catch (RejectedExecutionException e) {
            LOG.debug("observation '{}' not counted: the handler is closed", o.context().getName());
        }
    }

    private void record(ObservationEnergy o) {
        Observation.Context c = o.context();
        EnergyReading r;
        try {
            r = o.scope().result();
        } catch (RuntimeException e) {
            failed("reading", e);
            return;
        }
        try {
            meters.record(c, r);
        } catch (RuntimeException e) {
            failed("counting", e);
        }
        // after the count, so that whoever sees the reading on the context sees it counted
        c.put(EnergyReading.class, r);
        c.remove(ObservationEnergy.class);
    }

    private ExecutorService settler() {
        synchronized (settlerLock) {
            if (settler == null && !closed) {
                settler = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "energy4j-observations");
                    t.setDaemon(true);
                    return t;
                });
            }
            return closed ? null : settler;
        }
    }

    /** WARN once per callback, DEBUG afterwards: a failing handler must not flood the application's log. */
    private void failed(String callback, RuntimeException e) {
        if (warned.size() < 16 && warned.add(callback)) {
            LOG.warn("energy observation handler failed in {} (the observation goes on, uncounted; later failures "
                    + "here are logged at DEBUG): {}", callback, e.toString());
        } else {
            LOG.debug("energy observation handler failed in {}", callback, e);
        }
    }
}
