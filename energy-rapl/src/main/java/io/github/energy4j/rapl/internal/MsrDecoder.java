package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.Zone;

/**
 * Register addresses and pure decoding of the RAPL model-specific registers. No I/O: every method
 * works on the 64-bit value an 8-byte read of {@code /dev/cpu/N/msr} at offset = address returns.
 */
public final class MsrDecoder {

    /** Intel MSR_RAPL_POWER_UNIT: power (3:0), energy status (12:8) and time (19:16) units. */
    public static final long INTEL_POWER_UNIT = 0x606;
    /** Intel MSR_PKG_ENERGY_STATUS. */
    public static final long INTEL_PKG_ENERGY = 0x611;
    /** Intel MSR_DRAM_ENERGY_STATUS. */
    public static final long INTEL_DRAM_ENERGY = 0x619;
    /** Intel MSR_PP0_ENERGY_STATUS (cores). */
    public static final long INTEL_PP0_ENERGY = 0x639;
    /** Intel MSR_PP1_ENERGY_STATUS (uncore / graphics). */
    public static final long INTEL_PP1_ENERGY = 0x641;
    /** Intel MSR_PLATFORM_ENERGY_STATUS (psys). */
    public static final long INTEL_PLATFORM_ENERGY = 0x64D;
    /** AMD MSR_AMD_RAPL_POWER_UNIT (Zen, family 17h and later); same layout as Intel's. */
    public static final long AMD_POWER_UNIT = 0xC0010299L;
    /** AMD MSR_AMD_CORE_ENERGY_STATUS: per core, read on any thread of that core. */
    public static final long AMD_CORE_ENERGY = 0xC001029AL;
    /** AMD MSR_AMD_PKG_ENERGY_STATUS. */
    public static final long AMD_PKG_ENERGY = 0xC001029BL;

    /** Energy status counters are the low 32 bits; they wrap after 2^32 units. */
    public static final long COUNTER_MODULUS = 1L << 32;

    /** The fixed DRAM unit of Haswell-EP-derived servers and Xeon Phi: 2^-16 J (about 15.3 uJ). */
    public static final double SERVER_DRAM_UNIT_JOULES = 0x1p-16;

    private MsrDecoder() {
    }

    /** Bits 12:8 of the unit register: the energy status unit is 1/2^ESU joules. */
    public static int energyStatusUnitBits(long unitRegister) {
        return (int) ((unitRegister >>> 8) & 0x1F);
    }

    /** Joules per energy counter unit encoded in a unit register (Intel 0x606 or AMD 0xC0010299). */
    public static double energyUnitJoules(long unitRegister) {
        return Math.scalb(1.0, -energyStatusUnitBits(unitRegister));
    }

    /**
     * Joules per energy counter unit of this CPU. Bits 12:8 of the unit register give 1/2^ESU J, except
     * on the Silvermont and Airmont Atoms ({@link #hasAtomEnergyUnit}), where the same bits give 2^ESU
     * microjoules (their default ESU of 5 is 32 uJ, not 31.25 mJ).
     */
    public static double energyUnitJoules(CpuInfo cpu, long unitRegister) {
        if (cpu.vendor() == CpuInfo.Vendor.INTEL && cpu.family() == 6 && hasAtomEnergyUnit(cpu.model())) {
            return Math.scalb(1e-6, energyStatusUnitBits(unitRegister));
        }
        return energyUnitJoules(unitRegister);
    }

    /** Intel family 6 Atoms whose unit register counts energy in 2^ESU microjoules. */
    public static boolean hasAtomEnergyUnit(int model) {
        return switch (model) {
            case 0x37, // Silvermont (Bay Trail)
                 0x4A, // Silvermont (Merrifield)
                 0x4C, // Airmont (Cherry Trail, Braswell)
                 0x5A -> true; // Airmont (Moorefield)
            default -> false;
        };
    }

    /**
     * The wrap modulus, in microjoules, of a powercap {@code energy_uj} counter of this CPU and domain:
     * {@code max_energy_range_uj + 1}, with the range computed the way the kernel's intel_rapl driver
     * computes it. Used when a zone publishes no range. The kernel keeps the energy unit as an integer
     * number of nanojoules and converts with {@code raw * unit / 1000}, so its microjoule counter wraps
     * at {@code (2^32 - 1) * unit / 1000}, not at 2^32 true units: with the default 2^-14 J that is
     * 262,143,328,850 uJ rather than 262,144,000,000, and the server DRAM unit is 15,300 nJ rather than
     * 2^-16 J. Taking the true-joule range would add 0.67 J (package) or 177 J (server DRAM) per wrap.
     *
     * @return the modulus, or 0 when the unit register holds a unit the kernel could not express
     */
    public static long powercapModulusUj(CpuInfo cpu, Zone.Domain domain, long unitRegister) {
        int esu = energyStatusUnitBits(unitRegister);
        long nanojoules;
        boolean intel6 = cpu.vendor() == CpuInfo.Vendor.INTEL && cpu.family() == 6;
        if (intel6 && domain == Zone.Domain.DRAM && hasServerDramUnit(cpu.model())) {
            nanojoules = 15_300;
        } else if (intel6 && domain == Zone.Domain.PSYS && (cpu.model() == 0x8F || cpu.model() == 0xCF)) {
            nanojoules = 1_000_000_000L;
        } else if (intel6 && hasAtomEnergyUnit(cpu.model())) {
            nanojoules = 1000L << esu;
        } else {
            nanojoules = 1_000_000_000L / (1L << esu);
        }
        if (nanojoules <= 0) {
            return 0;
        }
        try {
            return Math.multiplyExact(COUNTER_MODULUS - 1, nanojoules) / 1000 + 1;
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    /** Watts per power unit (bits 3:0), for power-info registers. */
    public static double powerUnitWatts(long unitRegister) {
        return Math.scalb(1.0, -(int) (unitRegister & 0xF));
    }

    /** The 32-bit energy counter of an energy status register (upper bits are reserved). */
    public static long energyCounter(long statusRegister) {
        return statusRegister & 0xFFFF_FFFFL;
    }

    /** The value of an 8-byte little-endian register image starting at {@code off}. */
    public static long littleEndian(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /**
     * The unit a domain's counter really uses. Intel documents exceptions to the unit register:
     * DRAM on Haswell-EP, Broadwell-EP/DE, Skylake-SP, Ice Lake-SP/D and Xeon Phi (KNL/KNM) counts in
     * 2^-16 J, and psys on Sapphire/Emerald Rapids counts in joules.
     *
     * @param cpu         the CPU
     * @param domain      the zone's domain
     * @param packageUnit joules per unit from the unit register
     */
    public static double domainUnitJoules(CpuInfo cpu, Zone.Domain domain, double packageUnit) {
        if (cpu.vendor() != CpuInfo.Vendor.INTEL || cpu.family() != 6) {
            return packageUnit;
        }
        if (domain == Zone.Domain.DRAM && hasServerDramUnit(cpu.model())) {
            return SERVER_DRAM_UNIT_JOULES;
        }
        if (domain == Zone.Domain.PSYS && (cpu.model() == 0x8F || cpu.model() == 0xCF)) {
            return 1.0;
        }
        return packageUnit;
    }

    /** Intel family 6 models whose DRAM domain ignores the unit register. */
    public static boolean hasServerDramUnit(int model) {
        return switch (model) {
            case 0x3F, // Haswell-EP
                 0x4F, // Broadwell-EP
                 0x56, // Broadwell-DE
                 0x55, // Skylake-SP / Cascade Lake / Cooper Lake
                 0x6A, // Ice Lake-SP
                 0x6C, // Ice Lake-D
                 0x57, // Xeon Phi Knights Landing
                 0x85 -> true; // Xeon Phi Knights Mill
            default -> false;
        };
    }

    /** Whether this CPU has RAPL MSRs we know: Intel family 6, AMD/Hygon family 17h (Zen) and later. */
    public static boolean supported(CpuInfo cpu) {
        return switch (cpu.vendor()) {
            case INTEL -> cpu.family() == 6;
            case AMD -> cpu.family() >= 0x17;
            default -> false;
        };
    }

    /** The unit register of this vendor. */
    public static long unitRegister(CpuInfo cpu) {
        return cpu.vendor() == CpuInfo.Vendor.AMD ? AMD_POWER_UNIT : INTEL_POWER_UNIT;
    }

    /** The package energy status register of this vendor. */
    public static long packageRegister(CpuInfo cpu) {
        return cpu.vendor() == CpuInfo.Vendor.AMD ? AMD_PKG_ENERGY : INTEL_PKG_ENERGY;
    }
}
