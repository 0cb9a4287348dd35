package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.micrometer.EnergyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run: keep the two in sync. */
class QuickStartTest {

    @Test
    void shouldRunTheReadmeQuickStart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // --- README quick start begins ---
        try (EnergyMeter meter = EnergyMeter.create()) {         // this JVM on this host, best available sources
            EnergyScope s;
            try (EnergyScope scope = meter.scope("checkout")) {
                s = scope;
                checkout();                                         // the work being metered
            }
            System.out.printf("%.3f J (%s), %s CPU%n", s.joules(), s.source(), s.cpuTime());

            EnergyReading r = meter.measure("report", () -> checkout());
            System.out.println(r);

            new EnergyMetrics(meter).bindTo(registry);             // energy.process, energy.node, ...
            // --- README quick start ends ---
            assertTrue(s.joules() > 0);
            assertNotEquals(Provenance.UNAVAILABLE, s.source());
            assertEquals("report", r.name());
            assertTrue(registry.find("energy.process").functionCounters().size() >= 1);
            assertTrue(registry.find("energy.node").functionCounters().size() >= 1);
        }
    }

    private static void checkout() {
        EnergyMeterTest.burn(50);
    }
}
