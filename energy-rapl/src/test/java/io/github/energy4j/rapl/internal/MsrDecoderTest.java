package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.Zone;
import org.junit.jupiter.api.Test;

class MsrDecoderTest {

    private static final CpuInfo HASWELL_EP = new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x3F);
    private static final CpuInfo KABY_LAKE = new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x9E);
    private static final CpuInfo SAPPHIRE_RAPIDS = new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x8F);
    private static final CpuInfo ZEN3 = new CpuInfo(CpuInfo.Vendor.AMD, 0x19, 0x01);

    /** The 8 bytes a pread of /dev/cpu/N/msr returns, little-endian. */
    private static long image(int... bytes) {
        byte[] b = new byte[8];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return MsrDecoder.littleEndian(b, 0);
    }

    @Test
    void shouldDecodeIntelDefaultUnitRegister() {
        long reg = image(0x03, 0x0E, 0x0A, 0x00, 0, 0, 0, 0); // MSR 0x606 = 0x000A0E03
        assertEquals(0x000A0E03L, reg);
        assertEquals(14, MsrDecoder.energyStatusUnitBits(reg));
        assertEquals(61.03515625e-6, MsrDecoder.energyUnitJoules(reg), 0.0);
        assertEquals(0.125, MsrDecoder.powerUnitWatts(reg));
    }

    @Test
    void shouldDecodeAmdDefaultUnitRegister() {
        long reg = image(0x03, 0x10, 0x0A, 0x00, 0, 0, 0, 0); // MSR 0xC0010299 = 0x000A1003
        assertEquals(0x000A1003L, reg);
        assertEquals(16, MsrDecoder.energyStatusUnitBits(reg));
        assertEquals(15.2587890625e-6, MsrDecoder.energyUnitJoules(reg), 0.0);
    }

    @Test
    void shouldKeepOnlyTheLow32BitsOfAnEnergyStatusRegister() {
        long reg = image(0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE);
        assertEquals(0xDEADBEEF12345678L, reg);
        assertEquals(0x12345678L, MsrDecoder.energyCounter(reg));
        assertEquals(0xFFFF_FFFFL, MsrDecoder.energyCounter(-1L));
    }

    @Test
    void shouldApplyDocumentedFixedUnits() {
        double pkgUnit = 0x1p-14;
        assertEquals(0x1p-16, MsrDecoder.domainUnitJoules(HASWELL_EP, Zone.Domain.DRAM, pkgUnit));
        assertEquals(pkgUnit, MsrDecoder.domainUnitJoules(HASWELL_EP, Zone.Domain.PACKAGE, pkgUnit));
        assertEquals(pkgUnit, MsrDecoder.domainUnitJoules(KABY_LAKE, Zone.Domain.DRAM, pkgUnit));
        assertEquals(0x1p-16, MsrDecoder.domainUnitJoules(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x57),
                Zone.Domain.DRAM, pkgUnit)); // Knights Landing
        assertEquals(1.0, MsrDecoder.domainUnitJoules(SAPPHIRE_RAPIDS, Zone.Domain.PSYS, pkgUnit));
        assertEquals(0x1p-16, MsrDecoder.domainUnitJoules(ZEN3, Zone.Domain.PACKAGE, 0x1p-16));
    }

    @Test
    void shouldReadTheUnitRegisterOfSilvermontAndAirmontAtomsAsPowersOfTwoMicrojoules() {
        long reg = image(0x03, 0x05, 0x0A, 0x00, 0, 0, 0, 0); // ESU 5, the Atom default
        assertEquals(32e-6, MsrDecoder.energyUnitJoules(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x37), reg), 1e-18);
        assertEquals(32e-6, MsrDecoder.energyUnitJoules(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x4C), reg), 1e-18);
        assertEquals(0x1p-5, MsrDecoder.energyUnitJoules(KABY_LAKE, reg));
        long intel = image(0x03, 0x0E, 0x0A, 0x00, 0, 0, 0, 0);
        assertEquals(0x1p-14, MsrDecoder.energyUnitJoules(KABY_LAKE, intel));
        assertEquals(0x1p-16, MsrDecoder.energyUnitJoules(ZEN3, image(0x03, 0x10, 0x0A, 0x00, 0, 0, 0, 0)));
    }

    @Test
    void shouldComputeThePowercapRangeAsTheKernelDoes() {
        long intel = 0x000A0E03L;
        // 61,035 nJ (1e9 / 2^14, truncated): (2^32 - 1) * 61035 / 1000 = 262,143,328,850 uJ
        assertEquals(262_143_328_851L, MsrDecoder.powercapModulusUj(KABY_LAKE, Zone.Domain.PACKAGE, intel));
        assertEquals(262_143_328_851L, MsrDecoder.powercapModulusUj(KABY_LAKE, Zone.Domain.DRAM, intel));
        assertEquals(65_712_999_614L, MsrDecoder.powercapModulusUj(HASWELL_EP, Zone.Domain.DRAM, intel));
        assertEquals(262_143_328_851L, MsrDecoder.powercapModulusUj(HASWELL_EP, Zone.Domain.PACKAGE, intel));
        assertEquals(4_294_967_295_000_001L, MsrDecoder.powercapModulusUj(SAPPHIRE_RAPIDS, Zone.Domain.PSYS, intel));
        assertEquals(65_532_610_988L, MsrDecoder.powercapModulusUj(ZEN3, Zone.Domain.PACKAGE, 0x000A1003L));
        // Atom: 2^5 uJ per unit
        assertEquals(137_438_953_441L,
                MsrDecoder.powercapModulusUj(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x37), Zone.Domain.PACKAGE, 0x0503L));
        // an Atom ESU of 31 would be 2^31 uJ per unit: beyond a long, refused
        assertEquals(0, MsrDecoder.powercapModulusUj(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 0x37), Zone.Domain.PACKAGE,
                0x1F03L));
    }

    @Test
    void shouldKnowWhichCpusHaveRaplMsrs() {
        assertTrue(MsrDecoder.supported(KABY_LAKE));
        assertTrue(MsrDecoder.supported(ZEN3));
        assertFalse(MsrDecoder.supported(new CpuInfo(CpuInfo.Vendor.AMD, 0x15, 2)));
        assertFalse(MsrDecoder.supported(CpuInfo.UNKNOWN));
        assertEquals(0xC0010299L, MsrDecoder.unitRegister(ZEN3));
        assertEquals(0x606L, MsrDecoder.unitRegister(KABY_LAKE));
        assertEquals(0xC001029BL, MsrDecoder.packageRegister(ZEN3));
        assertEquals(0x611L, MsrDecoder.packageRegister(KABY_LAKE));
    }
}
