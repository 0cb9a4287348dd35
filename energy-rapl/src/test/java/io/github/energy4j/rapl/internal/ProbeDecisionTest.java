package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.Zone;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeDecisionTest {

    private static final String PKG = "/sys/class/powercap/intel-rapl:0/energy_uj";
    private static final String DRAM = "/sys/class/powercap/intel-rapl:0:0/energy_uj";

    private static final ProbeDecision.RemedyText POWERCAP = new ProbeDecision.RemedyText() {
        @Override
        public String denied(String file) {
            return Remedies.powercapDenied(file);
        }

        @Override
        public String missing(String file) {
            return Remedies.powercapMissing();
        }

        @Override
        public String broken(String file) {
            return Remedies.powercapBroken(file);
        }
    };

    private static Zone zone(String name, Zone.Domain d) {
        return Zone.microjouleCounter(name, 0, d, 262_143_328_851L, 125, "");
    }

    private static ProbeDecision.ZoneCheck check(String name, Zone.Domain d, String file, ReadOutcome o) {
        return new ProbeDecision.ZoneCheck(zone(name, d), file, o, o == ReadOutcome.OK ? "" : o.name().toLowerCase());
    }

    @Test
    void shouldRefuseWithPermissionRemedyWhenAnyCounterIsDenied() {
        ProbeDecision.Decision d = ProbeDecision.decide("RAPL powercap", List.of(
                check("package-0", Zone.Domain.PACKAGE, PKG, ReadOutcome.DENIED),
                check("dram-0", Zone.Domain.DRAM, DRAM, ReadOutcome.DENIED)), List.of(), POWERCAP);
        assertFalse(d.available());
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, d.reason());
        assertTrue(d.text().contains(PKG) && d.text().contains("2 of 2"), d.text());
        Probe p = d.toProbe();
        assertTrue(p.zones().isEmpty());
        assertTrue(p.remedy().contains(PKG));
        assertTrue(p.remedy().contains("SUBSYSTEM==\"powercap\", KERNEL==\"intel-rapl*\""), p.remedy());
        assertTrue(p.remedy().contains("chgrp") && p.remedy().contains("readOnly hostPath"), p.remedy());
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, d.toException().reason());
    }

    @Test
    void shouldRefuseEvenWhenOnlyOneOfSeveralCountersIsDenied() {
        ProbeDecision.Decision d = ProbeDecision.decide("RAPL powercap", List.of(
                check("package-0", Zone.Domain.PACKAGE, PKG, ReadOutcome.OK),
                check("dram-0", Zone.Domain.DRAM, DRAM, ReadOutcome.DENIED)), List.of(), POWERCAP);
        assertFalse(d.available());
        assertTrue(d.text().contains(DRAM) && d.text().contains("1 of 2"), d.text());
    }

    @Test
    void shouldOfferEveryZoneWhenSomeReadAndNoneIsDenied() {
        ProbeDecision.Decision d = ProbeDecision.decide("RAPL powercap", List.of(
                check("package-0", Zone.Domain.PACKAGE, PKG, ReadOutcome.OK),
                check("dram-0", Zone.Domain.DRAM, DRAM, ReadOutcome.ERROR)), List.of("x duplicates y"), POWERCAP);
        assertTrue(d.available());
        assertEquals(List.of("package-0", "dram-0"), d.zones().stream().map(Zone::name).toList());
        assertTrue(d.text().startsWith("x duplicates y; dram-0: " + DRAM), d.text());
    }

    @Test
    void shouldGiveMsrRemedyWithCapabilityAndModule() {
        String msr = "/dev/cpu/0/msr";
        assertTrue(Remedies.msrDenied(msr).contains("setcap cap_sys_rawio=ep"));
        assertTrue(Remedies.msrDenied(msr).contains("setfacl -m g:2500:r /dev/cpu/*/msr"));
        assertTrue(Remedies.msrMissing(msr).contains("modprobe msr"));
    }

    @Test
    void shouldClassifyKernelErrors() {
        assertEquals(ReadOutcome.DENIED, ReadOutcome.of(new AccessDeniedException(PKG)));
        assertEquals(ReadOutcome.DENIED, ReadOutcome.of(new FileSystemException(PKG, null, "Operation not permitted")));
        assertEquals(ReadOutcome.MISSING, ReadOutcome.of(new NoSuchFileException(PKG)));
        assertEquals(ReadOutcome.ERROR, ReadOutcome.of(new FileSystemException(PKG, null, "Input/output error")));
        assertEquals(ReadOutcome.ERROR, ReadOutcome.of(new java.io.IOException("Is a directory")));
    }
}
