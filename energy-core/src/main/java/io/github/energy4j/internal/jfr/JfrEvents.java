package io.github.energy4j.internal.jfr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter's JFR events, costing nothing when no recording runs: scope code reads one volatile flag (kept by a
 * recorder listener) before it creates anything. Without the {@code jdk.jfr} module (a trimmed runtime, or a
 * module-path application that does not resolve it) every method is a no-op; the classes that name JFR types
 * are loaded only after that check.
 */
public final class JfrEvents {

    private static final Logger LOG = LoggerFactory.getLogger(JfrEvents.class);
    private static final boolean AVAILABLE = probe();

    private JfrEvents() {
    }

    private static boolean probe() {
        try {
            Class.forName("jdk.jfr.FlightRecorder", false, JfrEvents.class.getClassLoader());
            JfrSupport.install();
            return true;
        } catch (Throwable e) { // no jdk.jfr, or JFR disabled in this JVM
            LOG.debug("JFR events off: {}", e.toString());
            return false;
        }
    }

    /** A started scope event when a recording enables it, else null (one volatile read). */
    public static Object beginScope() {
        return AVAILABLE && JfrSupport.recording ? JfrSupport.beginScope() : null;
    }

    /** Fixes the event's end at the scope's close. */
    public static void endScope(Object event) {
        JfrSupport.endScope(event);
    }

    /** Sets the figures and commits; for an event from {@link #beginScope()}. */
    public static void commitScope(Object event, String name, double joules, double gpuJoules, long cpuNanos,
                                   String provenance) {
        JfrSupport.commitScope(event, name, joules, gpuJoules, cpuNanos, provenance);
    }

    /** Whether a recording runs (one volatile read): callers build nothing for JFR otherwise. */
    public static boolean recording() {
        return AVAILABLE && JfrSupport.recording;
    }

    /** Emits one zone's power event when a recording enables it; call only when {@link #recording()}. */
    public static void zonePower(String zone, String domain, String source, boolean estimated, boolean primary,
                                 double watts, double joules) {
        JfrSupport.zonePower(zone, domain, source, estimated, primary, watts, joules);
    }
}
