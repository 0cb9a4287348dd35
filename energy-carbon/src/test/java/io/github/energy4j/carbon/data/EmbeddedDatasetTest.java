package io.github.energy4j.carbon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedDatasetTest {

    @Test
    void shouldLoadEveryRowWithSourceYearAndLicence() {
        EmbeddedDataset d = EmbeddedDataset.load();
        assertEquals(213, d.countries().size());
        assertEquals(142 + 26, d.regions().size());
        for (CountryIntensity c : d.countries()) {
            assertFalse(c.licence().isBlank(), c.iso3());
            assertFalse(c.source().isBlank(), c.iso3());
            assertTrue(c.year() >= 2009, c.iso3());
        }
        for (CloudRegion r : d.regions()) {
            assertTrue(r.provider().equals("alibaba") || r.licence().contains("Apache-2.0"), r.id());
            assertFalse(r.licence().isBlank(), r.id());
            assertTrue(!r.provider().equals("alibaba") || r.year() > 0, r.id());
            assertTrue(r.pue() >= 1.0, r.id());
        }
        assertFalse(d.version().equals("unknown"));
    }

    @Test
    void shouldHoldTheRowCountsYearsAndFallbackFactorsTheDataNotesState() {
        // figures stated in the notes that came with the source files (counts per cloud and per year,
        // CCF's per-cloud averages, the eGRID NERC factors US regions point to)
        EmbeddedDataset d = EmbeddedDataset.load();
        java.util.Map<String, Long> perCloud = new java.util.TreeMap<>();
        for (CloudRegion r : d.regions()) {
            perCloud.merge(r.provider(), 1L, Long::sum);
        }
        assertEquals(java.util.Map.of("aws", 28L, "azure", 78L, "gcp", 36L, "alibaba", 26L), perCloud);
        java.util.Map<Integer, Long> perYear = new java.util.TreeMap<>();
        for (CountryIntensity c : d.countries()) {
            perYear.merge(c.year(), 1L, Long::sum);
            assertEquals(2, c.iso2().length(), c.iso3());
            assertEquals(3, c.iso3().length(), c.iso3());
        }
        assertEquals(java.util.Map.of(2009, 1L, 2021, 4L, 2022, 130L, 2023, 78L), perYear);
        assertEquals(392.78188, d.providerDefault("aws").orElseThrow().gramsPerKwh(), 1e-9);
        assertEquals(317.1470588, d.providerDefault("gcp").orElseThrow().gramsPerKwh(), 1e-9);
        assertEquals(351.2799615, d.providerDefault("azure").orElseThrow().gramsPerKwh(), 1e-9);
        assertEquals(410.608, d.region("aws", "us-east-2").orElseThrow().gramsPerKwh(), 1e-9);
        assertEquals(2020, d.region("aws", "us-east-2").orElseThrow().year());
        assertEquals(0.0, d.country("CAF").orElseThrow().gramsPerKwh(), 0);
        assertEquals(2009, d.country("EH").orElseThrow().year());
        assertEquals(225.0, d.region("azure", "ukwest").orElseThrow().gramsPerKwh(), 1e-9, "code value, not the docs' 228");
        assertEquals(36, countGcpCfe(d));
    }

    private static int countGcpCfe(EmbeddedDataset d) {
        int n = 0;
        for (CloudRegion r : d.regions()) {
            if (r.provider().equals("gcp") && d.gcpCarbonFreeAdjusted(r.region()).isPresent()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldUseChinaRegionalAndProvincialFactorsForAlibabaMainlandRegionsAndCountryAveragesElsewhere() {
        EmbeddedDataset d = EmbeddedDataset.load();
        // MEE/NBS 2022: East China grid 0.5617, Sichuan 0.1404, Hebei 0.7252 kgCO2/kWh
        CloudRegion hangzhou = d.region("alibaba", "cn-hangzhou").orElseThrow();
        assertEquals(561.7, hangzhou.gramsPerKwh(), 1e-9);
        assertEquals(2022, hangzhou.year());
        assertTrue(hangzhou.source().contains("East China grid"), hangzhou.source());
        assertEquals(140.4, d.region("alibaba", "cn-chengdu").orElseThrow().gramsPerKwh(), 1e-9);
        assertEquals(725.2, d.region("alibaba", "cn-zhangjiakou").orElseThrow().gramsPerKwh(), 1e-9);
        CloudRegion frankfurt = d.region("alibaba", "eu-central-1").orElseThrow();
        assertEquals(d.country("DE").orElseThrow().gramsPerKwh(), frankfurt.gramsPerKwh(), 1e-9);
        assertTrue(frankfurt.source().startsWith("country average of Germany"), frankfurt.source());
        assertEquals(536.6, d.providerDefault("alibaba").orElseThrow().gramsPerKwh(), 1e-9);
        for (CloudRegion r : d.regions()) {
            if (r.provider().equals("alibaba")) {
                assertEquals(1.2, r.pue(), 0, r.id());
                assertTrue(r.source().contains("ESG Report"), r.id());
            }
        }
    }

    @Test
    void shouldKeepQuotedCommasInLocation() {
        CloudRegion r = EmbeddedDataset.load().region("gcp", "us-central1").orElseThrow();
        assertEquals("Iowa, US", r.location());
        assertEquals("US", r.gridZoneIso2());
    }

    @Test
    void shouldGiveProviderDefaultPue() {
        EmbeddedDataset d = EmbeddedDataset.load();
        assertEquals(1.135, d.providerDefault("aws").orElseThrow().pue(), 1e-9);
        assertEquals(1.185, d.providerDefault("azure").orElseThrow().pue(), 1e-9);
        assertEquals(1.1, d.providerDefault("gcp").orElseThrow().pue(), 1e-9);
    }

    @Test
    void shouldShipNoticeWithOwidAndCloudCarbonFootprintAttribution() throws IOException {
        try (InputStream in = EmbeddedDataset.class.getResourceAsStream("/META-INF/energy4j-carbon-NOTICE.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("Our World in Data") && text.contains("CC BY 4.0"));
            assertTrue(text.contains("Cloud Carbon Footprint") && text.contains("Apache License 2.0"));
            assertTrue(text.contains("\u00a9 2021 Thoughtworks, Inc."), "CCF's NOTICE text, verbatim");
            assertTrue(text.contains("Copyright (c) 2023 Code Carbon NGO") && text.contains("Permission is hereby granted"),
                    "CodeCarbon's MIT notice");
        }
    }

    @Test
    void shouldSplitQuotedFieldsWithEscapedQuotes() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Csv.parseLine("a,\"b, c\",\"say \"\"hi\"\"\",", 1));
        assertThrows(IllegalArgumentException.class, () -> Csv.parseLine("a,\"open", 3));
    }
}
