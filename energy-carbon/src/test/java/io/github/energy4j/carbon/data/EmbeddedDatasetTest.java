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
        assertEquals(142, d.regions().size());
        for (CountryIntensity c : d.countries()) {
            assertFalse(c.licence().isBlank(), c.iso3());
            assertFalse(c.source().isBlank(), c.iso3());
            assertTrue(c.year() >= 2009, c.iso3());
        }
        for (CloudRegion r : d.regions()) {
            assertTrue(r.licence().contains("Apache-2.0"), r.id());
            assertTrue(r.pue() >= 1.0, r.id());
        }
        assertFalse(d.version().equals("unknown"));
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
        }
    }

    @Test
    void shouldSplitQuotedFieldsWithEscapedQuotes() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Csv.parseLine("a,\"b, c\",\"say \"\"hi\"\"\",", 1));
        assertThrows(IllegalArgumentException.class, () -> Csv.parseLine("a,\"open", 3));
    }
}
