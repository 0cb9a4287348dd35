package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /** The value a reference meter reads. */
    private static final class Cell {
        volatile double value;
        Meter meter;
    }

    /**
     * Property: for random families, labels (quotes, backslashes, line feeds, unicode), values (NaN, infinities,
     * tiny and huge) and churn, the direct encoding is byte for byte what Micrometer's Prometheus registry writes
     * for the same meters, in both formats, after every round.
     */
    @Test
    void shouldWriteExactlyWhatMicrometersPrometheusRegistryWritesForTheSameSeries() {
        String[] texts = {"a", "b c", "q\"uote", "back\\slash", "line\nfeed", "\u00e9t\u00e9", "", "z"};
        double[] values = {0, 1, 0.5, 12, 1e-9, 1.5e20, -3, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 123456789.125};
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            PrometheusMeterRegistry ref = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ref.config().commonTags("node_name", "n1");
            PrometheusMeterRegistry empty = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            empty.config().commonTags("node_name", "n1");
            RegistrySync sync = new RegistrySync(empty, Map.of("node_name", "n1"));
            Map<String, Cell> cells = new HashMap<>();
            String[][] families = {
                {"kepler_process_cpu_joules", "c", null, "Energy of a process in joules"},
                {"kepler_process_cpu_watts", "g", null, "Power of a process in watts"},
                {"energy4j_tick", "c", "seconds", "Tick time"},
                {"energy4j_zone_energy", "g", "joules", "Energy with a base unit"},
                {"a_first", "g", null, "Sorted before the others"},
            };
            for (int round = 0; round < 6; round++) {
                sync.begin();
                Map<String, Series> now = new LinkedHashMap<>();
                int n = 1 + rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    String[] fam = families[rnd.nextInt(families.length)];
                    Map<String, String> tags = new LinkedHashMap<>();
                    tags.put("pid", Integer.toString(rnd.nextInt(30)));
                    tags.put("comm", texts[rnd.nextInt(texts.length)]);
                    tags.put("zone", rnd.nextBoolean() ? "package" : "dram");
                    double v = values[rnd.nextInt(values.length)];
                    boolean counter = fam[1].equals("c");
                    // the Prometheus client refuses negative counters (the whole scrape fails); energy4j's are totals
                    Series s = new Series(fam[0], counter, fam[3], fam[2], tags, counter && v < 0 ? -v : v);
                    now.put(s.name() + new java.util.TreeMap<>(s.tags()), s);
                }
                for (Series s : now.values()) {
                    sync.put(s);
                }
                sync.end();
                reference(ref, cells, now);
                for (String format : new String[] {Exporter.TEXT, Exporter.OPENMETRICS}) {
                    assertEquals(ref.scrape(format), sync.expose(empty.scrape(format)),
                            "seed " + seed + ", round " + round + ", " + format);
                }
            }
        }
    }

    /** Keeps a plain Micrometer registry in step with the series, the way meters would be registered by hand. */
    private static void reference(PrometheusMeterRegistry ref, Map<String, Cell> cells, Map<String, Series> now) {
        for (var it = cells.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Cell> e = it.next();
            if (!now.containsKey(e.getKey())) {
                ref.remove(e.getValue().meter);
                it.remove();
            }
        }
        for (Map.Entry<String, Series> e : now.entrySet()) {
            Series s = e.getValue();
            Cell c = cells.get(e.getKey());
            if (c == null) {
                Cell cell = new Cell();
                Tags tags = Tags.empty();
                for (Map.Entry<String, String> t : s.tags().entrySet()) {
                    tags = tags.and(t.getKey(), t.getValue());
                }
                cell.meter = s.counter()
                        ? FunctionCounter.builder(s.name(), cell, x -> x.value).description(s.help())
                        .baseUnit(s.unit()).tags(tags).register(ref)
                        : Gauge.builder(s.name(), cell, x -> x.value).description(s.help()).baseUnit(s.unit())
                        .tags(tags).strongReference(true).register(ref);
                cells.put(e.getKey(), cell);
                c = cell;
            }
            c.value = s.value();
        }
    }

    @Test
    void shouldAllocateForTheSeriesWrittenNotForTheSeriesThatCameAndWent() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RegistrySync sync = new RegistrySync(r, Map.of("node_name", "n1"));
        List<Series> steady = new ArrayList<>();
        for (int pid = 0; pid < 2000; pid++) {
            steady.add(new Series("kepler_process_cpu_joules", true, "Energy", null,
                    Map.of("pid", Integer.toString(pid), "zone", "package"), pid));
        }
        // a long history: 100 rounds in which 2000 other processes came and went
        for (int round = 0; round < 100; round++) {
            sync.begin();
            for (int pid = 0; pid < 2000; pid++) {
                sync.put(new Series("kepler_process_cpu_joules", true, "Energy", null,
                        Map.of("pid", Integer.toString(100_000 + round * 2000 + pid), "zone", "package"), pid));
            }
            sync.end();
        }
        sync.begin();
        steady.forEach(sync::put);
        assertEquals(2000, sync.end());
        assertEquals(2000, sync.size());
        String body = r.scrape();
        String first = sync.expose(body);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20; i++) {
            sync.expose(body);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        String again = sync.expose(body);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(first, again);
        // the returned string (Latin-1: one byte per char) and little else; the old meter graph was ~3 KB per series
        assertTrue(allocated < 2L * again.length() + 64 * 1024, allocated + " bytes for " + again.length() + " chars");
    }
}
