package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySyncTest {

    @Test
    void shouldExposeInfoSeriesAsGaugesUnderTheirFullNameWithTheCommonLabelsAndRemoveThemWhenGone() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().commonTags("node_name", "n1");
        RegistrySync sync = new RegistrySync(r, Map.of("node_name", "n1"));
        sync.begin();
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "0"), 1));
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "1"), 1));
        sync.put(new Series("kepler_node_cpu_usage_ratio", false, "usage", null, Map.of(), 0.5));
        assertEquals(0, sync.end());
        assertEquals(3, sync.size());
        String text = sync.expose(r.scrape());
        assertTrue(text.contains("# HELP kepler_node_cpu_info CPU information\n# TYPE kepler_node_cpu_info gauge\n"),
                text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"0\"} 1\n"), text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"1\"} 1\n"), text);
        assertTrue(text.contains("kepler_node_cpu_usage_ratio{node_name=\"n1\"} 0.5\n"), text);

        sync.begin();
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "1"), 1));
        assertEquals(2, sync.end()); // processor 0 and the ratio
        text = sync.expose(r.scrape());
        assertFalse(text.contains("processor=\"0\""), text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"1\"} 1\n"), text);
        assertFalse(text.contains("kepler_node_cpu_usage_ratio"), text);
    }

    @Test
    void shouldWriteInfoSeriesAsGaugesInOpenMetricsToo() {
        // Kepler's kepler_build_info is a gauge; the Prometheus client would make it an OpenMetrics info family
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().commonTags("node_name", "n1");
        RegistrySync sync = new RegistrySync(r, Map.of("node_name", "n1"));
        sync.begin();
        sync.put(new Series("kepler_build_info", false, "A metric with a constant '1' value", null,
                Map.of("version", "2.0 \"beta\"\\x", "arch", "amd64"), 1));
        sync.put(new Series("kepler_node_cpu_usage_ratio", false, "usage", null, Map.of(), 0.5));
        sync.end();
        String om = sync.expose(r.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertTrue(om.endsWith("kepler_build_info{arch=\"amd64\",node_name=\"n1\","
                + "version=\"2.0 \\\"beta\\\"\\\\x\"} 1\n# EOF\n"), om);
        assertTrue(om.contains("# TYPE kepler_build_info gauge\n# HELP kepler_build_info A metric with a constant '1' "
                + "value\n"), om);
        assertFalse(om.contains(" info\n"), "no info family: " + om);
        assertEquals(1, om.split("# EOF", -1).length - 1, om);
        assertTrue(om.contains("kepler_node_cpu_usage_ratio{node_name=\"n1\"} 0.5\n"), om);
    }
}
