package io.github.energy4j.internal.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/** The part of {@link JfrEvents} that names JFR types; loaded only when {@code jdk.jfr} is present. */
final class JfrSupport {

    // whether any recording runs: the only thing scope code reads when none does
    static volatile boolean recording;

    private JfrSupport() {
    }

    static void install() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording r) {
                refresh();
            }
        });
        refresh();
    }

    private static void refresh() {
        boolean any = false;
        if (FlightRecorder.isInitialized()) {
            for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                any |= r.getState() == RecordingState.RUNNING;
            }
        }
        recording = any;
    }

    static Object beginScope() {
        ScopeEvent e = new ScopeEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static void endScope(Object event) {
        ((ScopeEvent) event).end();
    }

    static void commitScope(Object event, String name, double joules, double gpuJoules, long cpuNanos,
                            String provenance) {
        ScopeEvent e = (ScopeEvent) event;
        if (e.shouldCommit()) {
            e.name = name;
            e.joules = joules;
            e.gpuJoules = gpuJoules;
            e.cpuTime = cpuNanos;
            e.provenance = provenance;
            e.commit();
        }
    }

    static void zonePower(String zone, String domain, String source, boolean estimated, boolean primary,
                          double watts, double joules) {
        ZonePowerEvent e = new ZonePowerEvent();
        if (e.shouldCommit()) {
            e.zone = zone;
            e.domain = domain;
            e.source = source;
            e.provenance = estimated ? "estimated" : "measured";
            e.primary = primary;
            e.watts = watts;
            e.joules = joules;
            e.commit();
        }
    }
}
