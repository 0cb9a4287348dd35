package io.github.energy4j.agent.serve;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTrackerTest {

    private static final Workload WEB = new Workload("c0ffee", "container", "containerd", "pod-1",
            Map.of("container", "web", "pod", "web-7d9", "namespace", "shop"));

    private static EnergySnapshot snap(double seconds, double joules, boolean exited) {
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, joules * 2, joules,
                joules, 0, Double.NaN, Double.NaN, "");
        ProcessEnergy p = new ProcessEnergy(42, 7, "nginx", WEB, joules, ZoneJoules.of(joules), Duration.ofMillis(1000), Double.NaN, exited);
        WorkloadEnergy w = new WorkloadEnergy(WEB, joules, ZoneJoules.of(joules), Double.NaN, !exited);
        return new EnergySnapshot(Instant.EPOCH, Duration.ofMillis((long) (seconds * 1000)), 1, List.of(pkg),
                List.of(p), List.of(w), 0, List.of(), "");
    }

    @Test
    void shouldExportATerminatedContainerPodAndProcessOnceThenDropThem() {
        FrameTracker t = new FrameTracker(List.of("/sys/class/powercap/intel-rapl:0"));
        ExportFrame f1 = t.next(snap(1, 10, false), Map.of());
        assertEquals("running", f1.containers().get(0).state());
        assertEquals("running", f1.pods().get(0).state());
        ExportFrame f2 = t.next(snap(3, 14, true), Map.of());
        assertEquals("terminated", f2.containers().get(0).state());
        assertEquals("terminated", f2.pods().get(0).state());
        assertEquals("terminated", f2.processes().get(0).state());
        assertEquals(2.0, f2.containers().get(0).zoneWatts()[0], 1e-9, "4 J over 2 s");
        assertEquals(2.0, f2.zoneActiveWatts()[0], 1e-9);
        ExportFrame f3 = t.next(snap(4, 14, true), Map.of());
        assertTrue(f3.containers().isEmpty() && f3.pods().isEmpty() && f3.processes().isEmpty());
        assertEquals(3L, f3.self().get("droppedSeries"));
        ExportFrame f4 = t.next(snap(5, 14, true), Map.of());
        assertEquals(3L, f4.self().get("droppedSeries"), "dropped once, not every frame");
    }

    @Test
    void shouldGivePowerInsteadOfNaNInTheFirstFrameAndForEntitiesNewSinceThePreviousFrame() {
        FrameTracker t = new FrameTracker(List.of("/sys/class/powercap/intel-rapl:0"));
        ExportFrame f1 = t.next(snap(2, 10, false), Map.of());
        assertEquals(5.0, f1.containers().get(0).zoneWatts()[0], 1e-9, "10 J since the meter started 2 s ago");
        assertEquals(5.0, f1.pods().get(0).zoneWatts()[0], 1e-9);
        assertEquals(5.0, f1.processes().get(0).zoneWatts()[0], 1e-9);
        assertEquals(5.0, f1.zoneActiveWatts()[0], 1e-9);
        assertEquals(5.0, f1.zoneIdleWatts()[0], 1e-9);

        // a second container starts after the first frame and has used 3 J by the next, 1 s later
        Workload api = new Workload("beef", "container", "containerd", "pod-2",
                Map.of("container", "api", "pod", "api-1", "namespace", "shop"));
        EnergySnapshot s1 = snap(3, 12, false);
        EnergySnapshot s2 = new EnergySnapshot(s1.time(), s1.elapsed(), s1.intervals(), s1.zones(),
                s1.processes(), List.of(s1.workloads().get(0),
                new WorkloadEnergy(api, 3, ZoneJoules.of(3), Double.NaN, true)), 0, List.of(), "");
        ExportFrame f2 = t.next(s2, Map.of());
        ExportFrame.Row<WorkloadEnergy> fresh = f2.containers().stream()
                .filter(r -> r.energy().workload().id().equals("beef")).findFirst().orElseThrow();
        assertEquals(3.0, fresh.zoneWatts()[0], 1e-9, "all of its 3 J since the previous frame, 1 s ago");
        assertEquals(2.0, f2.containers().get(0).zoneWatts()[0], 1e-9);
    }

    @Test
    void shouldSumSocketsPerDomainIntoOneSeriesAtEveryLevelInKeplerNames() {
        ZoneEnergy p0 = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 5, 5, 0, 0, 1, 0, "");
        ZoneEnergy p1 = new ZoneEnergy("package-1", 1, Zone.Domain.PACKAGE, "rapl", false, true, 7, 7, 0, 0, 1, 0, "");
        ProcessEnergy p = new ProcessEnergy(42, 7, "nginx", WEB, 3, ZoneJoules.of(1, 2), Duration.ofMillis(1000), Double.NaN, false);
        WorkloadEnergy w = new WorkloadEnergy(WEB, 3, ZoneJoules.of(1, 2), Double.NaN, true);
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(1), 1, List.of(p0, p1), List.of(p),
                List.of(w), 0, List.of(), "");
        ExportFrame f = new FrameTracker(List.of("a", "b")).next(s, Map.of());
        List<Series> out = new ArrayList<>();
        new KeplerNaming().emit(f, MetricsLevel.parse("node,container,pod"), out::add);
        Series c = find(out, "kepler_container_cpu_joules");
        assertEquals(3.0, c.value(), 1e-12);
        assertEquals("package", c.tags().get("zone"));
        assertEquals("web", c.tags().get("container_name"));
        assertEquals("shop", c.tags().get("pod_namespace"));
        // Kepler aggregates the zones of one name across sockets, path "aggregated-<zone>"
        Series node = find(out, "kepler_node_cpu_joules");
        assertEquals(12.0, node.value(), 1e-12);
        assertEquals(Map.of("zone", "package", "path", "aggregated-package"), node.tags());
        assertEquals(12.0, find(out, "kepler_node_cpu_watts").value(), 1e-12, "12 J in the frame's first second");
        assertEquals(3.0, find(out, "kepler_pod_cpu_joules").value(), 1e-12);
        Series cpu = find(out, "kepler_container_cpu_seconds");
        assertEquals(1.0, cpu.value(), 1e-12);
        assertEquals(Map.of("container_id", "c0ffee", "container_name", "web", "runtime", "containerd",
                "pod_id", "pod-1", "pod_name", "web-7d9", "pod_namespace", "shop"), cpu.tags());
        assertTrue(out.stream().noneMatch(x -> x.name().startsWith("kepler_process")), "process level is opt-in");
    }

    @Test
    void shouldKeepAContainersCpuSecondsGrowingWhenOneOfItsProcessesIsForgotten() {
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 10, 10, 0, 0, 1, 0,
                "");
        WorkloadEnergy w = new WorkloadEnergy(WEB, 3, ZoneJoules.of(3), Double.NaN, true);
        FrameTracker t = new FrameTracker(List.of("/sys/class/powercap/intel-rapl:0"));
        ProcessEnergy a = new ProcessEnergy(42, 7, "nginx", WEB, 1, ZoneJoules.of(1), Duration.ofMillis(2000), Double.NaN, false);
        ProcessEnergy b = new ProcessEnergy(43, 8, "worker", WEB, 2, ZoneJoules.of(2), Duration.ofMillis(3000), Double.NaN, false);
        ProcessEnergy host = new ProcessEnergy(1, 1, "init", Workload.HOST, 0, ZoneJoules.of(0), Duration.ofMillis(9000), Double.NaN, false);
        ExportFrame f1 = t.next(new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(1), 1, List.of(pkg),
                List.of(a, b, host), List.of(w), 0, List.of(), ""), Map.of());
        assertEquals(5.0, f1.containers().get(0).cpuSeconds(), 1e-12, "both processes, not the host's");
        // b has used 1 s more and exited; a has used 0.5 s more
        ProcessEnergy a2 = new ProcessEnergy(42, 7, "nginx", WEB, 1, ZoneJoules.of(1), Duration.ofMillis(2500), Double.NaN, false);
        ProcessEnergy b2 = new ProcessEnergy(43, 8, "worker", WEB, 2, ZoneJoules.of(2), Duration.ofMillis(4000), Double.NaN, true);
        ExportFrame f2 = t.next(new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 2, List.of(pkg),
                List.of(a2, b2), List.of(w), 0, List.of(), ""), Map.of());
        assertEquals(6.5, f2.containers().get(0).cpuSeconds(), 1e-12);
        // b's retention ended: it is no longer in the snapshot, the container's total stays
        ProcessEnergy a3 = new ProcessEnergy(42, 7, "nginx", WEB, 1, ZoneJoules.of(1), Duration.ofMillis(3000), Double.NaN, false);
        ExportFrame f3 = t.next(new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(3), 3, List.of(pkg),
                List.of(a3), List.of(w), 0, List.of(), ""), Map.of());
        assertEquals(7.0, f3.containers().get(0).cpuSeconds(), 1e-12);
        assertEquals(3.0, f3.processes().get(0).cpuSeconds(), 1e-12);
        assertTrue(Double.isNaN(f3.pods().get(0).cpuSeconds()));
    }

    @Test
    void shouldNotKnowTheCpuSecondsOfContainersMeteredWithoutTheirProcesses() {
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 10, 10, 0, 0, 1, 0,
                "");
        ExportFrame f = new FrameTracker(List.of("p")).next(new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(1), 1,
                List.of(pkg), List.of(), List.of(new WorkloadEnergy(WEB, 3, ZoneJoules.of(3), Double.NaN, true)), 0,
                List.of(), ""), Map.of());
        assertTrue(Double.isNaN(f.containers().get(0).cpuSeconds()));
        List<Series> out = new ArrayList<>();
        new KeplerNaming().emit(f, MetricsLevel.parse("container"), out::add);
        assertTrue(out.stream().noneMatch(x -> x.name().equals("kepler_container_cpu_seconds")), out.toString());
    }

    private static Series find(List<Series> l, String name) {
        List<Series> m = l.stream().filter(x -> x.name().equals(name)).toList();
        assertEquals(1, m.size(), name + " in " + l);
        return m.get(0);
    }
}
