package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuInfoTest {

    @Test
    void shouldReadVendorFamilyAndModelOfFirstProcessor() {
        String text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 63\n"
                + "model name\t: Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz\nstepping\t: 2\n\n"
                + "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n\n";
        assertEquals(new CpuInfo(CpuInfo.Vendor.INTEL, 6, 63), CpuInfo.parse(text));
    }

    @Test
    void shouldTreatHygonAsAmdAndUnknownVendorsAsOther() {
        assertEquals(new CpuInfo(CpuInfo.Vendor.AMD, 24, 0),
                CpuInfo.parse("vendor_id\t: HygonGenuine\ncpu family\t: 24\nmodel\t\t: 0\n"));
        assertEquals(CpuInfo.Vendor.OTHER, CpuInfo.parse("processor\t: 0\nBogoMIPS\t: 50.00\n").vendor());
    }
}
