package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.energy4j.spi.Zone;
import org.junit.jupiter.api.Test;

class ZoneIdentityTest {

    @Test
    void shouldClassifyKernelNames() {
        assertEquals(new ZoneIdentity(Zone.Domain.PACKAGE, 3, "package-3"), ZoneIdentity.classify("package-3", null));
        assertEquals(new ZoneIdentity(Zone.Domain.PACKAGE, 1, "package-1-die-1"),
                ZoneIdentity.classify("package-1-die-1", null));
        assertEquals(new ZoneIdentity(Zone.Domain.PSYS, 0, "psys"), ZoneIdentity.classify("psys", null));
        assertEquals(new ZoneIdentity(Zone.Domain.PSYS, 1, "psys-1"), ZoneIdentity.classify("psys-1", null));
    }

    @Test
    void shouldGiveSubzonesTheSocketOfTheirPackage() {
        ZoneIdentity pkg = ZoneIdentity.classify("package-1", null);
        assertEquals(new ZoneIdentity(Zone.Domain.CORE, 1, "core-1"), ZoneIdentity.classify("core", pkg));
        assertEquals(new ZoneIdentity(Zone.Domain.UNCORE, 1, "uncore-1"), ZoneIdentity.classify("uncore", pkg));
        assertEquals(new ZoneIdentity(Zone.Domain.DRAM, 1, "dram-1"), ZoneIdentity.classify("dram", pkg));
    }

    @Test
    void shouldRejectUnknownNamesAndOrphanSubzones() {
        assertNull(ZoneIdentity.classify("dram", null));
        assertNull(ZoneIdentity.classify("core", ZoneIdentity.classify("psys", null)));
        assertNull(ZoneIdentity.classify("package-", null));
        assertNull(ZoneIdentity.classify("package-x", null));
        assertNull(ZoneIdentity.classify("package-0-foo", null));
        assertNull(ZoneIdentity.classify("soc", null));
        assertNull(ZoneIdentity.classify("", null));
    }
}
