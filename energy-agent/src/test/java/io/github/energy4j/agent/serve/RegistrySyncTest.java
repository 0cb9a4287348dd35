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
    void shouldExposeInfoSeriesUnderTheirFullNameWithTheCommonLabelsAndRemoveThemWhenGone() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().commonTags("node_name", "n1");
        RegistrySync sync = new RegistrySync(r, r.getPrometheusRegistry(), Map.of("node_name", "n1"));
        sync.begin();
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "0"), 1));
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "1"), 1));
        sync.put(new Series("kepler_node_cpu_usage_ratio", false, "usage", null, Map.of(), 0.5));
        assertEquals(0, sync.end());
        assertEquals(3, sync.size());
        String text = r.scrape();
        assertTrue(text.contains("# TYPE kepler_node_cpu_info gauge\n"), text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"0\"} 1\n"), text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"1\"} 1\n"), text);
        assertTrue(text.contains("kepler_node_cpu_usage_ratio{node_name=\"n1\"} 0.5\n"), text);

        sync.begin();
        sync.put(new Series("kepler_node_cpu_info", false, "CPU information", null, Map.of("processor", "1"), 1));
        assertEquals(2, sync.end()); // processor 0 and the ratio
        text = r.scrape();
        assertFalse(text.contains("processor=\"0\""), text);
        assertTrue(text.contains("kepler_node_cpu_info{node_name=\"n1\",processor=\"1\"} 1\n"), text);
        assertFalse(text.contains("kepler_node_cpu_usage_ratio"), text);
    }
}
