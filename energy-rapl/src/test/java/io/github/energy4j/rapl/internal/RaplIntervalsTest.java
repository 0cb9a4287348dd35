package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaplIntervalsTest {

    @Test
    void shouldBoundByHalfTheRangeOverMaxPower() {
        Zone intel = Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, 262_144_000_000L, 128, "");
        // 262,144 J / 128 W = 2048 s, halved
        assertEquals(Duration.ofSeconds(1024), RaplIntervals.maxSafeInterval(intel));
        Zone amd = new Zone("package-0", 0, Zone.Domain.PACKAGE, Zone.Kind.ENERGY_COUNTER, 0x1p-16, 1L << 32,
                1000, Double.NaN, false, "");
        assertEquals(Duration.ofMillis(32_768), RaplIntervals.maxSafeInterval(amd));
    }

    @Test
    void shouldAssumeDefaultPowerWhenMaxWattsUnknown() {
        Zone z = Zone.microjouleCounter("dram-0", 0, Zone.Domain.DRAM, 100_000_000_000L, Double.NaN, "");
        assertEquals(Duration.ofSeconds(50), RaplIntervals.maxSafeInterval(z));
    }

    @Test
    void shouldBeUnboundedForCountersThatDoNotWrapAndTakeTheMinimumOverZones() {
        Zone sum = new Zone("core-0", 0, Zone.Domain.CORE, Zone.Kind.ENERGY_COUNTER, 0x1p-16, 0, 1000, Double.NaN,
                false, "");
        assertEquals(RaplIntervals.UNBOUNDED, RaplIntervals.maxSafeInterval(sum));
        Zone dram = Zone.microjouleCounter("dram-0", 0, Zone.Domain.DRAM, 65_536_000_000L, 64, "");
        assertEquals(Duration.ofMillis(512_000), RaplIntervals.maxSafeInterval(List.of(sum, dram)));
    }
}
