package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplMsrPowerSourceProvider;
import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.rapl.internal.MsrDecoder;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counters the kernel refuses to this process, end to end through probe, open and read. The refusal is
 * real, not simulated: as an ordinary user a fixture file with mode 000; as root (who may read any
 * mode) a write-only sysfs attribute such as {@code /sys/bus/pci/rescan}, which the kernel refuses to
 * open for reading with EACCES even for root, linked in place of {@code energy_uj} or the msr node.
 */
class RaplPermissionTest {

    /** Write-only attributes present on most Linux systems; opening them for reading fails with EACCES. */
    private static final List<String> WRITE_ONLY_SYSFS = List.of("/sys/bus/pci/rescan", "/sys/bus/pci/drivers_probe",
            "/sys/bus/platform/drivers_probe", "/sys/bus/cpu/drivers_probe", "/sys/bus/pci/uevent");

    @TempDir
    Path tmp;

    private Path denied;

    @BeforeEach
    void findAFileTheKernelRefuses() throws IOException {
        denied = refusedFile(tmp.resolve("mode-000"));
        assumeTrue(denied != null, "no file that the kernel refuses to read for this user");
    }

    /** A file whose open for reading fails with AccessDeniedException, or null. */
    private static Path refusedFile(Path scratch) throws IOException {
        Files.writeString(scratch, "123\n");
        try {
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            return null;
        }
        if (refused(scratch)) {
            return scratch;
        }
        for (String s : WRITE_ONLY_SYSFS) {
            Path p = Path.of(s);
            if (Files.exists(p) && refused(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean refused(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return false;
        } catch (AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private SourceContext ctx(Path sysfs) {
        return new SourceContext(tmp.resolve("proc"), sysfs, tmp.resolve("dev"), Map.of(), k -> null);
    }

    private static void replaceWithLink(Path file, Path target) throws IOException {
        Files.deleteIfExists(file);
        Files.createSymbolicLink(file, target);
    }

    @Test
    void shouldRefuseWithPermissionDeniedAndTheUdevAndDaemonSetRemediesWhenTheKernelRefusesACounter()
            throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        p.pkg("0", "package-0", 1_000);
        Path dram = p.zone("intel-rapl", "0:0", "dram", 2_000, FakePowercap.INTEL_RANGE_UJ, 0);
        replaceWithLink(dram.resolve("energy_uj"), denied);

        Probe probe = new RaplPowerSourceProvider().probe(ctx(p.sysfs()));
        assertFalse(probe.available(), "a half-readable RAPL would under-count the node silently");
        assertTrue(probe.zones().isEmpty(), "no zone is offered, so none can read as 0");
        String file = p.sysfs().resolve("class/powercap/intel-rapl:0:0/energy_uj").toString();
        assertTrue(probe.reason().contains("cannot read " + file + " (permission denied)"), probe.reason());
        assertTrue(probe.reason().contains("1 of 2 counters unreadable"), probe.reason());
        for (String remedy : List.of("Linux 5.10", "run as root", "readOnly hostPath", "privileged: true",
                "/etc/tmpfiles.d/energy4j-rapl.conf", "systemd-tmpfiles --create /etc/tmpfiles.d/energy4j-rapl.conf",
                "z /sys/class/powercap/intel-rapl:*/energy_uj 0440 root 2500 -",
                "/etc/udev/rules.d/99-energy4j-rapl.rules",
                "SUBSYSTEM==\"powercap\", KERNEL==\"intel-rapl*\", RUN+=\"/bin/chgrp 2500 /sys%p/energy_uj\", "
                        + "RUN+=\"/bin/chmod 0440 /sys%p/energy_uj\"",
                "udevadm control --reload && udevadm trigger --subsystem-match=powercap",
                "kubectl apply -k deploy/kubernetes/non-root", "supplementalGroups: [2500]")) {
            assertTrue(probe.remedy().contains(remedy), remedy + " in " + probe.remedy());
        }

        EnergySourceException e = assertThrows(EnergySourceException.class,
                () -> new RaplPowerSourceProvider().open(ctx(p.sysfs())));
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, e.reason());
        assertEquals(probe.remedy(), e.remedy());
    }

    @Test
    void shouldReportUnavailableNotZeroWhileAReopenedCounterIsRefusedAndRecoverAfterwards() throws Exception {
        FakePowercap p = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = p.pkg("0", "package-0", 1_000);
        Path dram = p.zone("intel-rapl", "0:0", "dram", 2_000, FakePowercap.INTEL_RANGE_UJ, 0);
        try (PowerSource s = new RaplPowerSourceProvider().open(ctx(p.sysfs()))) {
            long[] v = new long[2];
            s.read(v);
            assertArrayEquals(new long[] {1_000, 2_000}, v);
            // the zone is re-created (CPU hot-plug, driver reload) and comes back root-only
            FakePowercap.set(dram, "energy_uj", "");
            replaceWithLink(dram.resolve("energy_uj"), denied);
            FakePowercap.energy(pkg, 1_500);
            for (int i = 0; i < 3; i++) {
                assertEquals(2, s.read(v));
                assertEquals(1_500, v[0]);
                assertEquals(PowerSource.UNAVAILABLE, v[1], "never 0 for a refused counter");
            }
            assertTrue(s.lastError().startsWith("dram-0: ") && s.lastError().endsWith("energy_uj: permission denied"),
                    s.lastError());
            Files.delete(dram.resolve("energy_uj"));
            FakePowercap.energy(dram, 2_600);
            s.read(v);
            assertArrayEquals(new long[] {1_500, 2_600}, v);
            assertEquals("", s.lastError());
        }
    }

    @Test
    void shouldRefuseMsrWithTheCapabilityAndDeviceAccessRemedyWhenTheKernelRefusesTheDeviceNode()
            throws Exception {
        FakeCpus.writeCpuinfo(tmp.resolve("proc"), FakeCpus.INTEL_SKX);
        Path sys = tmp.resolve("sys");
        FakeCpus.topology(sys, 0, 0, 0);
        FakeCpus.topology(sys, 1, 1, 0);
        FakeCpus.msr(tmp.resolve("dev"), 0, MsrDecoder.INTEL_POWER_UNIT, 0x000A0E03L);
        FakeCpus.msr(tmp.resolve("dev"), 0, MsrDecoder.INTEL_PKG_ENERGY, 0x1234);
        Path node = tmp.resolve("dev/cpu/1/msr");
        Files.createDirectories(node.getParent());
        Files.createSymbolicLink(node, denied);

        Probe probe = new RaplMsrPowerSourceProvider().probe(ctx(sys));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("cannot read " + node + " (permission denied)"), probe.reason());
        for (String remedy : List.of("CAP_SYS_RAWIO", "setcap cap_sys_rawio=ep",
                "setfacl -m g:2500:r /dev/cpu/*/msr", "SUBSYSTEM==\"msr\", GROUP=\"2500\"",
                "capabilities.add: [SYS_RAWIO]")) {
            assertTrue(probe.remedy().contains(remedy), remedy + " in " + probe.remedy());
        }
        EnergySourceException e = assertThrows(EnergySourceException.class,
                () -> new RaplMsrPowerSourceProvider().open(ctx(sys)));
        assertEquals(EnergySourceException.Reason.PERMISSION_DENIED, e.reason());
    }
}
