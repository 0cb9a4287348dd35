package io.github.energy4j.nvml.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.nvml.analysis.GpuStatus;
import io.github.energy4j.nvml.fleet.PrometheusMatrix.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The range-query answer format of the Prometheus HTTP API, and the fleet analysis of parsed series. */
class PrometheusMatrixTest {

    private static List<Series> parse(String s) throws IOException {
        return PrometheusMatrix.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadLabelsTimesAndStringValuesOfAMatrix() throws IOException {
        List<Series> s = parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","UUID":"GPU-1","gpu":"0"},
                  "values":[[1700000000.5,"42"],[1700000001,"NaN"],[1700000002,"+Inf"]]}]}}
                """);
        assertEquals(1, s.size());
        assertEquals("GPU-1", s.get(0).labels().get("UUID"));
        assertArrayEquals(new long[] {1_700_000_000_500L, 1_700_000_001_000L, 1_700_000_002_000L},
                s.get(0).timesMillis());
        assertEquals(42.0, s.get(0).values()[0]);
        assertTrue(Double.isNaN(s.get(0).values()[1]) && Double.isNaN(s.get(0).values()[2]), "unknown, not zero");
    }

    @Test
    void shouldSayWhatIsWrongWithAnAnswerThatIsNotAMatrix() {
        IOException e = assertThrows(IOException.class, () -> parse(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}"));
        assertTrue(e.getMessage().contains("status error: parse error at char 4"), e.getMessage());
        e = assertThrows(IOException.class, () -> parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        assertTrue(e.getMessage().contains("resultType is vector"), e.getMessage());
        e = assertThrows(IOException.class, () -> parse("<html>"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void shouldMergeTheSeriesOfOneGpuAcrossPodsAndJudgeItOnTheWindow() {
        // one GPU seen under two pods in turn (dcgm-exporter labels the series with the pod using the GPU)
        Map<String, String> a = Map.of("UUID", "GPU-z", "Hostname", "n1", "namespace", "ml", "pod", "a");
        Map<String, String> b = Map.of("UUID", "GPU-z", "Hostname", "n1", "namespace", "ml", "pod", "b");
        Series utilA = new Series(a, new long[] {0, 1000}, new double[] {0, 0});
        Series utilB = new Series(b, new long[] {2000, 3000}, new double[] {0, 0});
        Series memA = new Series(a, new long[] {0, 1000}, new double[] {4096, 4096});
        Series memB = new Series(b, new long[] {2000, 3000}, new double[] {4096, 4096});
        List<FleetGpuAnalysis.FleetGpu> gpus = FleetGpuAnalysis.analyze(FleetGpuAnalysis.DCGM, Map.of(
                "DCGM_FI_DEV_GPU_UTIL", List.of(utilA, utilB), "DCGM_FI_DEV_FB_USED", List.of(memA, memB)),
                Duration.ofMinutes(1), 20, 1000);
        assertEquals(1, gpus.size());
        FleetGpuAnalysis.FleetGpu g = gpus.get(0);
        assertEquals(4, g.report().samples());
        assertEquals(GpuStatus.SUSPICIOUS, g.report().status(), "4 GiB held at 0 % SM");
        assertEquals(4096.0 * (1 << 20), g.report().memoryUsed().mean(), 1e-6);
        assertEquals(List.of("ml"), g.namespaces());
        assertEquals(List.of("ml/a", "ml/b"), g.pods());
        assertEquals("n1", g.node());
    }
}
