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
        try (EnergyMeter meter = EnergyMeter.create()) {         // best available sources on this host
            EnergyScope s;
            try (EnergyScope scope = meter.scope("checkout")) {
                s = scope;
                checkout();                                         // the work being metered
            }
            System.out.printf("%.3f J (%s), %s CPU%n", s.joules(), s.source(), s.cpuTime());

            EnergyReading r = meter.measure("report", () -> checkout());
            System.out.println(r);

            new EnergyMetrics(meter).bindTo(registry);             // energy.consumed, energy.power, ...
            // --- README quick start ends ---
            assertTrue(s.joules() > 0);
            assertNotEquals(Provenance.UNAVAILABLE, s.source());
            assertEquals("report", r.name());
            assertTrue(registry.find("energy.consumed").functionCounters().size() >= 2);
        }
    }

    private static void checkout() {
        EnergyMeterTest.burn(50);
    }
}
