package io.github.energy4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuPowerModelTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new CpuPowerModelProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        FakeProcfs.create(dir.resolve("proc"));
        return SourceContext.of(dir.resolve("proc"), dir.resolve("sys"));
    }

    @Test
    void shouldFollowTheLinearCurve() {
        LinearPowerCurve c = new LinearPowerCurve(0.74, 3.5, "t");
        assertEquals(8 * 0.74, c.watts(0, 0, 8), 1e-12);
        assertEquals(8 * 3.5, c.watts(1, 8, 8), 1e-12);
        assertEquals(8 * (0.74 + 0.25 * 2.76), c.watts(0.25, 2, 8), 1e-12);
        assertEquals(8 * 3.5, c.watts(7, 8, 8), 1e-12, "utilisation clamps at 1");
        assertThrows(IllegalArgumentException.class, () -> new LinearPowerCurve(4, 3, "t"));
    }

    @Test
    void shouldLoadTheEmbeddedCloudCarbonFootprintCoefficients() {
        CpuCoefficients.Row r = CpuCoefficients.find("aws", "Cascade Lake").orElseThrow();
        assertEquals(0.64, r.minWattsPerVcpu());
        assertEquals(3.97, r.maxWattsPerVcpu());
        assertEquals(0.74, CpuCoefficients.defaultCurve().minWattsPerVcpu());
        assertEquals(3.5, CpuCoefficients.defaultCurve().maxWattsPerVcpu());
        assertTrue(r.source().contains("cloud-carbon-footprint"));
    }

    @Test
    void shouldPredictWithKeplerLinearWeights() {
        String json = "{\"All_Weights\": {\"Bias_Weight\": 12.5, \"Categorical_Variables\": {},"
                + " \"Numerical_Variables\": {\"cpu_time\": {\"scale\": 1000.0, \"weight\": 4.0},"
                + " \"cpu_utilization\": {\"scale\": 0.5, \"weight\": 1.0}}}}";
        KeplerLinearModel m = KeplerLinearModel.parse(json, "w.json");
        // 2 busy CPU-seconds per second = 2000 ms: 12.5 + 4 * 2000/1000 + 1 * 0.5/0.5
        assertEquals(12.5 + 8 + 1, m.watts(0.5, 2, 4), 1e-12);
        assertEquals(12.5, m.idleWatts(4), 1e-12);
    }

    @Test
    void shouldRefuseKeplerWeightsThatNeedEbpfFeatures() {
        String json = "{\"All_Weights\": {\"Bias_Weight\": 1, \"Numerical_Variables\": {\"cache_miss\": {\"scale\": 1, \"weight\": 1}}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeplerLinearModel.parse(json, "w"));
        assertTrue(e.getMessage().contains("cache_miss"));
        assertThrows(IllegalArgumentException.class, () -> KeplerLinearModel.parse("{\"All_Weights\": {}}", "w"));
        assertThrows(IllegalArgumentException.class, () -> KeplerLinearModel.parse("{not json", "w"));
    }

    @Test
    void shouldSayWhichSettingIsWrong() throws Exception {
        Path proc = tmp.resolve("p");
        FakeProcfs.create(proc);
        SourceContext base = SourceContext.of(proc, tmp);
        Probe p = provider().probe(base.with("model.cpu", "Pentium Pro"));
        assertFalse(p.available());
        assertTrue(p.reason().contains("Pentium Pro") && p.remedy().contains("Cascade Lake"), p.remedy());
        EnergySourceException e = assertThrows(EnergySourceException.class,
                () -> provider().open(base.with("model.minWattsPerVcpu", "1")));
        assertTrue(e.getMessage().contains("model.maxWattsPerVcpu"));
        Path w = tmp.resolve("w.json");
        Files.writeString(w, "{\"All_Weights\": {\"Bias_Weight\": 20, \"Numerical_Variables\": {\"cpu_time\": {\"scale\": 1, \"weight\": 0.001}}}}");
        assertTrue(provider().probe(base.with("model.weights", w.toString())).zones().get(0).device().contains("w.json"));
        assertEquals(2 * 3.97, provider().probe(base.with("model.cpu", "cascade lake")).zones().get(0).maxWatts(), 1e-12);
    }
}
