package io.github.energy4j.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.carbon.data.EmbeddedDataset;
import org.junit.jupiter.api.Test;

class CarbonIntensitiesTest {

    @Test
    void shouldAnswerFranceFromEmbeddedDatasetWhenGivenAlpha2() {
        IntensityReading r = CarbonIntensities.country("FR").readingAt(0);
        assertEquals(56.039, r.gramsPerKwh(), 1e-9);
        assertEquals("FRA", r.provenance().zone());
        assertEquals(2023, r.provenance().datasetYear());
        assertEquals(EmissionScope.LIFECYCLE, r.provenance().scope());
        assertFalse(r.provenance().estimated());
    }

    @Test
    void shouldAnswerGermanyWhenGivenAlpha3InLowerCase() {
        assertEquals(380.95, CarbonIntensities.country("deu").gramsPerKwh(0), 1e-9);
    }

    @Test
    void shouldUseEgridFactorAndAwsPueForUsEast1() {
        IntensitySource s = CarbonIntensities.cloudRegion("aws:us-east-1");
        assertEquals(379.069, s.gramsPerKwh(0), 1e-9);
        assertEquals(1.135, s.pue(), 1e-9);
        IntensityProvenance p = s.readingAt(0).provenance();
        assertEquals(EmissionScope.DIRECT, p.scope());
        assertEquals(2020, p.datasetYear());
    }

    @Test
    void shouldResolvePlainRegionIdAcrossClouds() {
        assertEquals("aws:eu-west-1", EmbeddedDataset.load().resolveRegion("eu-west-1").id());
        assertEquals("azure:westeurope", EmbeddedDataset.load().resolveRegion("westeurope").id());
        assertEquals(1.09, CarbonIntensities.cloudRegion("europe-west1").pue(), 1e-9);
    }

    @Test
    void shouldUseCarbonFreeAdjustedFactorWhenPrefixIsGcpCfe() {
        assertEquals(19.8, CarbonIntensities.cloudRegion("gcp-cfe:europe-west1").gramsPerKwh(0), 1e-9);
        assertEquals(110.0, CarbonIntensities.cloudRegion("gcp:europe-west1").gramsPerKwh(0), 1e-9);
    }

    @Test
    void shouldRejectAmbiguousPlainRegionNamingTheCandidates() {
        UnknownZoneException e = assertThrows(UnknownZoneException.class, () -> CarbonIntensities.cloudRegion("Unknown"));
        assertTrue(e.getMessage().contains("aws:Unknown") && e.getMessage().contains("azure:Unknown"), e.getMessage());
    }

    @Test
    void shouldThrowWithListHintWhenCountryIsUnknown() {
        UnknownZoneException e = assertThrows(UnknownZoneException.class, () -> CarbonIntensities.country("XX"));
        assertTrue(e.getMessage().contains("--list countries"), e.getMessage());
    }

    @Test
    void shouldAnswerWorldAverageFlaggedWhenCountryIsUnknownAndLenient() {
        IntensityReading r = CarbonIntensities.countryOrWorldAverage("XX").readingAt(0);
        assertEquals(EmbeddedDataset.load().worldAverage().gramsPerKwh(), r.gramsPerKwh(), 1e-9);
        assertEquals(436.0, r.gramsPerKwh(), 1e-9);
        assertTrue(r.provenance().estimated());
        assertEquals("world", r.provenance().zone());
        assertTrue(r.provenance().note().contains("XX"));
    }

    @Test
    void shouldReplaceZeroFigureWithWorldAverageFlaggedWhenCountryIsCentralAfricanRepublic() {
        IntensityReading r = CarbonIntensities.country("CAF").readingAt(0);
        assertEquals(436.0, r.gramsPerKwh(), 1e-9);
        assertTrue(r.provenance().estimated());
        assertTrue(r.provenance().note().contains("CAF"), r.provenance().note());
    }

    @Test
    void shouldFallBackToCloudAverageFlaggedWhenRegionOfKnownCloudIsUnknown() {
        IntensityReading r = CarbonIntensities.cloudRegionOrDefault("aws:il-central-1").readingAt(0);
        assertEquals(392.78188, r.gramsPerKwh(), 1e-9);
        assertEquals(1.135, r.pue(), 1e-9);
        assertTrue(r.provenance().estimated());
    }

    @Test
    void shouldResolveEmbeddedZoneAsCountryOrRegion() {
        assertEquals(237.589, CarbonIntensities.embedded("GB").gramsPerKwh(0), 1e-9);
        assertEquals(379.069, CarbonIntensities.embedded("aws:us-east-1").gramsPerKwh(0), 1e-9);
        assertTrue(CarbonIntensities.embedded("mars").readingAt(0).provenance().estimated());
    }

    @Test
    void shouldKeepTheCallersProvenanceAndRejectAPueBelowOneWhenFixedWithProvenance() {
        IntensityProvenance contract = new IntensityProvenance("contract", "site-1", EmissionBasis.AVERAGE,
                EmissionScope.UNSPECIFIED, 2024, false, "supplier disclosure", "");
        IntensitySource s = CarbonIntensities.fixed(120.5, 1.3, contract);
        IntensityReading r = s.readingAt(0);
        assertEquals(120.5, r.gramsPerKwh(), 1e-12);
        assertEquals(1.3, r.pue(), 1e-12);
        assertEquals(contract, r.provenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CarbonIntensities.fixed(120.5, 0.9, contract));
        assertTrue(e.getMessage().contains("pue"), e.getMessage());
    }
}
