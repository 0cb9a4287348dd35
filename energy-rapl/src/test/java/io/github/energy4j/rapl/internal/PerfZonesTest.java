package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.spi.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfZonesTest {

    private static final double S = Math.scalb(1.0, -32);

    @Test
    void shouldNameZonesAsPowercapDoesOnTwoSockets() {
        PowerPmu.Found f = new PowerPmu.Found(23, new int[] {0, 28}, List.of(
                new PowerPmu.Event("energy-pkg", Zone.Domain.PACKAGE, 2, S),
                new PowerPmu.Event("energy-cores", Zone.Domain.CORE, 1, S),
                new PowerPmu.Event("energy-gpu", Zone.Domain.UNCORE, 4, S),
                new PowerPmu.Event("energy-ram", Zone.Domain.DRAM, 3, S),
                new PowerPmu.Event("energy-psys", Zone.Domain.PSYS, 5, S)), List.of());

        List<PerfPowerSource.EventPlan> plans = PerfZones.plan(f,
                List.of(new PerfZones.Place(0, 0), new PerfZones.Place(1, 0)), 1000, 0, -1);

        assertEquals(List.of("package-0", "package-1", "core-0", "core-1", "uncore-0", "uncore-1", "dram-0", "dram-1",
                "psys"), plans.stream().map(p -> p.zone().name()).toList());
        assertEquals(List.of(0, 28, 0, 28, 0, 28, 0, 28, 0), plans.stream().map(PerfPowerSource.EventPlan::cpu).toList());
        assertEquals(1, plans.get(1).zone().index());
        assertEquals(23, plans.get(0).type());
        assertEquals(3, plans.get(6).config());
        // counts are reported >>> 12: one unit is 4096 x 2^-32 J, and the counter wraps where the u64 count does
        assertEquals(Math.scalb(1.0, -20), plans.get(0).zone().joulesPerUnit());
        assertEquals(1L << 52, plans.get(0).zone().wrapModulus());
        assertEquals(-1, plans.get(0).pid());
    }

    @Test
    void shouldNameDiesWhenTheMaskHoldsSeveralCpusOfOnePackage() {
        PowerPmu.Found f = new PowerPmu.Found(23, new int[] {0, 24}, List.of(
                new PowerPmu.Event("energy-pkg", Zone.Domain.PACKAGE, 2, S),
                new PowerPmu.Event("energy-ram", Zone.Domain.DRAM, 3, S)), List.of());

        List<PerfPowerSource.EventPlan> plans = PerfZones.plan(f,
                List.of(new PerfZones.Place(0, 0), new PerfZones.Place(0, 1)), 1000, 0, -1);

        assertEquals(List.of("package-0-die-0", "package-0-die-1", "dram-0-die-0", "dram-0-die-1"),
                plans.stream().map(p -> p.zone().name()).toList());
    }

    @Test
    void shouldReportTheCountShiftedSoThatTheU64WrapBecomesTheZoneWrap() {
        assertEquals(0, PerfPowerSource.reported(4095));
        assertEquals(1, PerfPowerSource.reported(4096));
        // the largest u64 count maps to the last value before the 2^52 wrap, not to a negative number
        assertEquals((1L << 52) - 1, PerfPowerSource.reported(-1L));
    }
}
