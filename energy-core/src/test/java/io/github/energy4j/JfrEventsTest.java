package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meter's JFR events, recorded with a real {@link Recording} and read back with {@link RecordingFile}. */
class JfrEventsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldRecordAClosedScopeAndTheZonesPowerWithTheirFigures() throws Exception {
        Path file = tmp.resolve("energy.jfr");
        EnergyScope burn;
        EnergyScope quiet;
        try (EnergyMeter meter = EnergyMeter.builder().interval(Duration.ofMillis(100)).workloadResolvers(false)
                .build(); Recording r = new Recording()) {
            r.enable("io.github.energy4j.Scope");
            r.enable("io.github.energy4j.ZonePower").withPeriod(Duration.ofMillis(100));
            quiet = meter.scope("before-recording");
            quiet.close();
            r.start();
            try (EnergyScope s = meter.scope("burn")) {
                burn = s;
                EnergyMeterTest.burn(120);
            }
            Thread.sleep(400); // a few periods of the zone-power event
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> scopes = events.stream().filter(e -> e.getEventType().getName()
                .equals("io.github.energy4j.Scope")).toList();
        assertEquals(1, scopes.size(), "one scope inside the recording: " + scopes);
        RecordedEvent e = scopes.get(0);
        assertEquals("burn", e.getString("name"));
        assertEquals(burn.joules(), e.getDouble("joules"), 0.0, "the scope's own figure");
        assertEquals(burn.gpuJoules(), e.getDouble("gpuJoules"), 0.0);
        assertEquals(burn.cpuTime(), e.getDuration("cpuTime"));
        assertEquals(burn.source().toString(), e.getString("provenance"));
        assertEquals(burn.elapsed().toMillis(), e.getDuration().toMillis(), 20, "the event spans the scope");

        List<RecordedEvent> power = events.stream().filter(x -> x.getEventType().getName()
                .equals("io.github.energy4j.ZonePower")).toList();
        assertTrue(power.size() >= 2, "periodic zone power: " + power.size());
        RecordedEvent last = power.get(power.size() - 1);
        assertFalse(last.getString("zone").isEmpty());
        assertTrue(last.getDouble("joules") > 0, "energy so far: " + last);
        String prov = last.getString("provenance");
        assertTrue(prov.equals("estimated") || prov.equals("measured"), prov);
        assertTrue(power.stream().anyMatch(x -> x.getDouble("watts") > 0), "a power figure once two readings exist");
    }

    @Test
    void shouldAllocateNoEventForAScopeWhileNoRecordingRuns() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (EnergyMeter meter = EnergyMeter.builder().workloadResolvers(false).build()) {
            for (int i = 0; i < 20_000; i++) {
                meter.scope("warm").close();
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                meter.scope("cold").close();
            }
            double perScope = (mx.getThreadAllocatedBytes(tid) - before) / 10_000.0;
            // the scope itself is 96 bytes; an event object would add its header and five fields
            assertTrue(perScope <= 110, "bytes per scope without a recording: " + perScope);
        }
    }
}
