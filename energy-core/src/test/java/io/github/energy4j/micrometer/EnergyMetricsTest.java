package io.github.energy4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.GridIntensity;
import io.github.energy4j.spi.ZoneDomain;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldExposeZoneJoulesWattsAndCarbonAsCountersAndGauges() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).process(5, "x", 0, 0, 1);
        FileCounterProvider.zone(sys, "package-0", ZoneDomain.PACKAGE, 1L << 40, 0);
        GridIntensity grid = new GridIntensity() {
            @Override
            public double gramsPerKwh(long epochMillis) {
                return 360;
            }

            @Override
            public double pue() {
                return 1.0;
            }

            @Override
            public String provenance() {
                return "fixed 360 g/kWh (test)";
            }
        };
        try (EnergyMeter m = EnergyMeter.builder().procfs(proc).sysfs(sys).workloadResolvers(false)
                .interval(Duration.ofMillis(20)).idlePolicy(IdlePolicy.none()).gridIntensity(grid)
                .providers(List.of(new FileCounterProvider(), new CpuPowerModelProvider())).build()) {
            m.sampleNow();
            FileCounterProvider.energy(sys, "package-0", 10_000_000);
            p.advanceCpu(1, 1);
            m.sampleNow();
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            EnergyMetrics binder = new EnergyMetrics(m);
            binder.bindTo(reg);
            FunctionCounter c = reg.find("energy.consumed").tag("zone", "package-0").functionCounter();
            assertNotNull(c);
            assertEquals("test-counter", c.getId().getTag("source"));
            assertEquals("node", c.getId().getTag("level"));
            assertTrue(c.count() >= 10.0 - 1e-9, "joules " + c.count());
            FunctionCounter carbon = reg.find("carbon.emitted").tag("zone", "package-0").functionCounter();
            assertEquals(c.count() * 360 / 3.6e6, carbon.count(), 1e-12);
            Gauge w = reg.find("energy.power").tag("zone", "package-0").gauge();
            assertNotNull(w);
            assertTrue(w.value() >= 0 || Double.isNaN(w.value()));
            assertNull(reg.find("energy.consumed").tag("pid", "5").functionCounter(), "no per-pid series");
            System.gc();
            assertEquals(c.count(), reg.find("energy.consumed").tag("zone", "package-0").functionCounter().count(),
                    1e-9, "strong references survive a GC");
            binder.close();
            assertNull(reg.find("energy.consumed").tag("zone", "package-0").functionCounter());
        }
    }
}
