package io.github.energy4j.rapl;

import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fake CPUs: {@code /proc/cpuinfo}, sysfs topology, and {@code /dev/cpu/N/msr} as a sparse regular file
 * whose 8 bytes at offset = MSR address hold the little-endian register, as the msr driver serves them.
 */
final class FakeCpus {

    static final String INTEL_SKX = cpuinfo("GenuineIntel", 6, 85, "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz");
    static final String INTEL_HSX = cpuinfo("GenuineIntel", 6, 63, "Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz");
    static final String INTEL_CLIENT = cpuinfo("GenuineIntel", 6, 142, "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
    static final String AMD_ZEN3 = cpuinfo("AuthenticAMD", 25, 1, "AMD EPYC 7763 64-Core Processor");

    private FakeCpus() {
    }

    static String cpuinfo(String vendor, int family, int model, String modelName) {
        StringBuilder sb = new StringBuilder();
        for (int cpu = 0; cpu < 2; cpu++) {
            sb.append("processor\t: ").append(cpu).append('\n')
                    .append("vendor_id\t: ").append(vendor).append('\n')
                    .append("cpu family\t: ").append(family).append('\n')
                    .append("model\t\t: ").append(model).append('\n')
                    .append("model name\t: ").append(modelName).append('\n')
                    .append("stepping\t: 4\n")
                    .append("microcode\t: 0x2006e05\n")
                    .append("cpu MHz\t\t: 2400.000\n")
                    .append("physical id\t: 0\n")
                    .append("flags\t\t: fpu vme de pse tsc msr pae mce\n\n");
        }
        return sb.toString();
    }

    static void writeCpuinfo(Path procfs, String text) {
        FakeProcfs.write(procfs.resolve("cpuinfo"), text);
    }

    /** {@code cpuN/topology/{physical_package_id,core_id}}. */
    static void topology(Path sysfs, int cpu, int pkg, int core) {
        Path t = sysfs.resolve("devices/system/cpu/cpu" + cpu + "/topology");
        FakeProcfs.write(t.resolve("physical_package_id"), pkg + "\n");
        FakeProcfs.write(t.resolve("core_id"), core + "\n");
    }

    /**
     * Writes the lead CPU of an AMD package. The unit (0xC0010299), core (0xC001029A) and package
     * (0xC001029B) registers are one address apart, so in a plain file their 8-byte images overlap.
     * This lays the bytes out so that all three reads agree: unit {@code 0x....1003} (ESU 16),
     * package counter {@code pkg}, and core counter {@code (pkg << 8 | 0x10)} modulo 2^32.
     */
    static void amdLead(Path devfs, int cpu, long pkg) {
        msr(devfs, cpu, 0xC001029BL, pkg & 0xFFFF_FFFFL); // bytes 0x29B..0x2A2
        msr(devfs, cpu, 0xC0010299L - 6, 0); // clear 0x293..0x29A
        bytes(devfs, cpu, 0xC0010299L, new byte[] {0x03, 0x10});
    }

    /** Core counter that {@link #amdLead} leaves in the lead CPU's file. */
    static long amdLeadCore(long pkg) {
        return ((pkg << 8) | 0x10) & 0xFFFF_FFFFL;
    }

    private static void bytes(Path devfs, int cpu, long offset, byte[] b) {
        Path f = devfs.resolve("cpu").resolve(Integer.toString(cpu)).resolve("msr");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(b), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one register of {@code <devfs>/cpu/<cpu>/msr}, creating the sparse file. */
    static void msr(Path devfs, int cpu, long address, long value) {
        Path f = devfs.resolve("cpu").resolve(Integer.toString(cpu)).resolve("msr");
        try {
            Files.createDirectories(f.getParent());
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
                ch.write(b, address);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
