package io.github.energy4j.jmh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnergyUnitTest {

    @Test
    void shouldScaleJoulesToTheUnit() {
        assertEquals(2.5, EnergyUnit.J.of(2.5));
        assertEquals(2500, EnergyUnit.mJ.of(2.5), 1e-9);
        assertEquals(2.5e6, EnergyUnit.uJ.of(2.5), 1e-6);
        assertEquals(2.5e9, EnergyUnit.nJ.of(2.5), 1e-3);
        assertEquals("nJ/op", EnergyUnit.nJ.perOp());
    }

    @Test
    void shouldReadTheMicroSignAndIgnoreCaseButNeverReadMegaForMilli() {
        assertEquals(EnergyUnit.uJ, EnergyUnit.parse("\u00b5J"));
        assertEquals(EnergyUnit.nJ, EnergyUnit.parse("NJ"));
        assertEquals(EnergyUnit.J, EnergyUnit.parse(" j "));
        assertEquals(EnergyUnit.mJ, EnergyUnit.parse("mJ"));
        assertThrows(IllegalArgumentException.class, () -> EnergyUnit.parse("MJ"));
        assertThrows(IllegalArgumentException.class, () -> EnergyUnit.parse("kWh"));
    }
}
