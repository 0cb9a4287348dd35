package io.github.energy4j.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreenSummaryTest {

    private static Workload container(String id, String pod, String ns, String uid) {
        return new Workload(id, "container", "containerd", uid, Map.of("pod", pod, "namespace", ns));
    }

    @Test
    void shouldRollUpContainersIntoPodsAndNamespacesAndRecommendFromTheRules() {
        // 100 s window, 2 CPUs; package 1000 J of which 700 idle; GPU 400 J of which 40 active; platform 1500 J
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 1000, 300, 700, 0,
                10, Double.NaN, "");
        ZoneEnergy gpu = new ZoneEnergy("gpu-0", 0, Zone.Domain.GPU, "nvml", false, true, 400, 40, 360, 0, 4,
                Double.NaN, "");
        ZoneEnergy plat = new ZoneEnergy("platform", 0, Zone.Domain.PLATFORM, "ipmi", false, false, 1500, 0, 0, 0, 15,
                Double.NaN, "");
        Workload a = container("a", "web-1", "shop", "uid-1");
        Workload b = container("b", "web-1", "shop", "uid-1");
        Workload c = container("c", "db-0", "data", "uid-2");
        List<WorkloadEnergy> ws = List.of(new WorkloadEnergy(a, 100, ZoneJoules.of(100, 0, 0), Double.NaN, true),
                new WorkloadEnergy(b, 50, ZoneJoules.of(10, 40, 0), Double.NaN, true),
                new WorkloadEnergy(c, 200, ZoneJoules.of(200, 0, 0), Double.NaN, true));
        ProcessEnergy p = new ProcessEnergy(1, 1, "x", Workload.HOST, 30, ZoneJoules.of(30, 0, 0), Duration.ofMillis(20000), Double.NaN,
                false);
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(100), 100, List.of(pkg, gpu, plat),
                List.of(p), ws, 0, List.of(), "");

        GreenSummary g = GreenSummary.of(s, 2, true, List.of());

        assertEquals(1400 / 3.6e6, g.kwh(), 1e-15);
        assertEquals(1060.0 / 1400, g.idleShare(), 1e-12);
        assertEquals(0.1, g.gpuActiveShare(), 1e-12);
        assertEquals(0.1, g.cpuUtilisation(), 1e-12, "20 CPU s over 100 s x 2 CPUs");
        assertEquals(100.0, g.otherJoules(), 1e-9, "platform 1500 - package 1000 - gpu 400");
        assertEquals(Map.of("(host)", 30.0, "shop", 150.0, "data", 200.0), g.namespaceJoules());
        assertEquals(2, g.pods().size());
        assertEquals("db-0", g.pods().get(0).pod(), "largest first");
        assertEquals(150.0, g.pods().get(1).joules(), 1e-12);
        assertEquals(4, g.recommendations().size(), String.join("\n", g.recommendations()));
        assertTrue(g.recommendations().get(0).contains("76 %") && g.recommendations().get(0).contains("consolidate"));
        assertTrue(g.recommendations().get(1).contains("batch more work per GPU"));
        assertTrue(g.recommendations().get(2).contains("over-provisioned"));
        assertTrue(g.recommendations().get(3).contains("lowest-carbon window"));
    }

    @Test
    void shouldNeverReportNegativeOtherEnergy() {
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 100, 100, 0, 0, 1,
                Double.NaN, "");
        ZoneEnergy plat = new ZoneEnergy("platform", 0, Zone.Domain.PLATFORM, "ipmi", false, false, 90, 0, 0, 0, 1,
                Double.NaN, "");
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(1), 1, List.of(pkg, plat), List.of(),
                List.of(), 0, List.of(), "");
        assertEquals(0.0, GreenSummary.of(s, 0, false, List.of()).otherJoules());
        EnergySnapshot noPlatform = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(1), 1, List.of(pkg),
                List.of(), List.of(), 0, List.of(), "");
        assertTrue(Double.isNaN(GreenSummary.of(noPlatform, 0, false, List.of()).otherJoules()));
        assertTrue(GreenSummary.of(noPlatform, 0, false, List.of()).recommendations().isEmpty(),
                "measured, busy, no GPU: nothing to recommend");
    }

    @Test
    void shouldDrawThePowerTraceAsAnSvgPolylineScaledToTheChart() {
        String svg = GreenReport.svg(List.of(new GreenSummary.PowerPoint(0, 10), new GreenSummary.PowerPoint(5, 20),
                new GreenSummary.PowerPoint(10, 0)), 560, 200);
        // x from 50 to 550, y from 175 (0 W) up to 10 (22 W = 1.1 x max)
        assertTrue(svg.contains("points=\"50.0,100.0 300.0,25.0 550.0,175.0\""), svg);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
    }
}
