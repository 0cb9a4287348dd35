package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerNamingTest {

    @TempDir
    Path tmp;

    private static ZoneEnergy zone(String name, Zone.Domain d, boolean primary, double joules) {
        return new ZoneEnergy(name, 0, d, "rapl", false, primary, joules, joules, 0, 0, Double.NaN, Double.NaN, "");
    }

    @Test
    void shouldGiveEachNameOneTagKeySetAndNoDoubleCountingSum() {
        // psys contains the package, the package contains core: only package and dram are disjoint
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1, List.of(
                zone("package-0", Zone.Domain.PACKAGE, true, 20), zone("dram-0", Zone.Domain.DRAM, true, 5),
                zone("core-0", Zone.Domain.CORE, false, 12), zone("psys", Zone.Domain.PSYS, false, 40)),
                List.of(), List.of(), 0, List.of(), "");
        HostFacts host = new HostFacts(0.25, List.of(), BuildInfo.of(new java.util.jar.Manifest()),
                new ProcessExe(tmp));
        ExportFrame f = new FrameTracker(List.of()).next(s, Map.of(), host);
        List<Series> out = new ArrayList<>();
        new MicrometerNaming().emit(f, EnumSet.of(MetricsLevel.NODE), out::add);

        Map<String, Set<String>> keys = new HashMap<>();
        Map<String, Double> sums = new HashMap<>();
        for (Series x : out) {
            Set<String> k = x.tags().keySet();
            Set<String> prev = keys.putIfAbsent(x.name(), k);
            assertTrue(prev == null || prev.equals(k), x.name() + " has two tag key sets: " + prev + " and " + k);
            sums.merge(x.name(), x.value(), Double::sum);
        }
        assertEquals(s.nodeJoules(), sums.get("energy.node"), 1e-12, "the node series sum to the node's energy");
        assertEquals(25.0, sums.get("energy.node"), 1e-12);
        assertEquals(12.0, sums.get("energy.zone.core"), 1e-12);
        assertEquals(40.0, sums.get("energy.zone.psys"), 1e-12);
        assertEquals(Set.of("zone", "domain", "source", "provenance"), keys.get("energy.node"));
    }
}
