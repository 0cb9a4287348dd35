package io.github.energy4j.micrometer;

import io.github.energy4j.EnergyScope;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scope entries that {@link EnergyObservationHandler} holds open on one thread, innermost last. Only that
 * thread touches it (an entry must be left on the thread that entered it).
 */
final class ThreadEntries {

    /** One entry: a start entry (opened by onStart) or a scope entry (onScopeOpened). */
    private record Held(ObservationEnergy observation, EnergyScope.Entry entry, boolean start,
                        ObservationEnergy[] counted) {
    }

    private final List<Held> held = new ArrayList<>(4);

    /** Charges this thread to {@code o} from now on. */
    void open(ObservationEnergy o, boolean start) {
        ObservationEnergy[] counted = o.hold();
        held.add(new Held(o, o.scope().enter(), start, counted));
    }

    /** The observation of the innermost entry, or null. */
    ObservationEnergy innermost() {
        return held.isEmpty() ? null : held.get(held.size() - 1).observation;
    }

    /** Closes the innermost scope entry of {@code o} (not its start entry), if any. */
    void closeScopeEntry(ObservationEnergy o, Consumer<ObservationEnergy> done) {
        for (int i = held.size() - 1; i >= 0; i--) {
            Held h = held.get(i);
            if (h.observation == o && !h.start) {
                close(i, done);
                return;
            }
        }
    }

    /** Closes the start entry of {@code o}, if this thread has it. */
    void closeStartEntry(ObservationEnergy o, Consumer<ObservationEnergy> done) {
        for (int i = held.size() - 1; i >= 0; i--) {
            Held h = held.get(i);
            if (h.observation == o && h.start) {
                close(i, done);
                return;
            }
        }
    }

    /** Closes every entry of {@code o} on this thread. */
    void closeAll(ObservationEnergy o, Consumer<ObservationEnergy> done) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).observation == o) {
                close(i, done);
            }
        }
    }

    /**
     * Closes the entries this thread no longer works for: every entry of a stopped observation, and each start entry
     * whose observation was made current on another thread, or does not enclose {@code now} (the observation this
     * thread is calling the handler for; null: none).
     */
    void sweep(Observation.ContextView now, Consumer<ObservationEnergy> done) {
        for (int i = held.size() - 1; i >= 0; i--) {
            Held h = held.get(i);
            ObservationEnergy o = h.observation;
            if (o.isStopped()
                    || h.start && (o.isCurrentElsewhere() || now != null && !o.encloses(now))) {
                close(i, done);
            }
        }
    }

    private void close(int i, Consumer<ObservationEnergy> done) {
        Held h = held.remove(i);
        h.entry.close();
        ObservationEnergy.release(h.counted, done);
    }
}
