package io.github.energy4j.agent.podcarbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.agent.serve.Series;
import io.github.energy4j.k8s.pods.ContainerInfo;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PodCarbonLedgerTest {

    /** 0.1 g/kJ: 360 g/kWh. */
    private static final double G_PER_J = 1e-4;

    /** A node of two primary zones (package, dram) and an overlapping core zone, cumulative figures. */
    private static EnergySnapshot snapshot(double seconds, double pkgJ, double pkgIdle, double dramJ, double dramIdle,
                                           List<WorkloadEnergy> workloads) {
        List<ZoneEnergy> zones = List.of(
                zone("package-0", Zone.Domain.PACKAGE, true, pkgJ, pkgIdle),
                zone("dram-0", Zone.Domain.DRAM, true, dramJ, dramIdle),
                // overlaps package: its idle energy must not be shared a second time
                zone("core-0", Zone.Domain.CORE, false, pkgJ / 2, pkgIdle / 2));
        return new EnergySnapshot(Instant.EPOCH.plusMillis((long) (seconds * 1000)),
                Duration.ofMillis((long) (seconds * 1000)), (long) seconds, zones, List.of(), workloads, 0,
                List.of(), "embedded DE 2023");
    }

    private static ZoneEnergy zone(String name, Zone.Domain d, boolean primary, double j, double idle) {
        return new ZoneEnergy(name, 0, d, "rapl", false, primary, j, j - idle, idle, 0, 0, j * G_PER_J, "");
    }

    private static WorkloadEnergy container(String id, String podUid, String ns, String pod, String name,
                                            double joules) {
        Workload w = new Workload(id, "container", "containerd", podUid,
                Map.of("namespace", ns, "pod", pod, "container", name));
        return new WorkloadEnergy(w, joules, ZoneJoules.of(joules, 0, 0), joules * G_PER_J, true);
    }

    private static PodInfo pod(String uid, String ns, long millis, String phase, ContainerInfo... cs) {
        return new PodInfo(uid, ns, "pod-" + uid, "node-a", "", millis, List.of(cs), phase);
    }

    private static ContainerInfo c(String id, long millis) {
        return new ContainerInfo(id, "containerd", "c-" + id, ContainerInfo.Type.CONTAINER, millis);
    }

    @Test
    void shouldShareIdleByRequestsOverAllocatableAndKeepTheRestUnrequested() {
        PodView view = PodView.of(List.of(
                pod("a", "shop", 1000, "Running", c("ca", 1000)),
                pod("b", "shop", 500, "Running", c("cb", 500)),
                pod("n", "batch", 0, "Running", c("cn", 0))), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        l.update(snapshot(10, 200, 80, 40, 20, List.of(container("ca", "a", "shop", "pod-a", "c-ca", 50))), view,
                4000);

        PodCarbonLedger.PodTotals a = l.pod("a");
        assertEquals(20.0, a.idleJoules().get("package"), 1e-12); // 80 J x 1000 m / 4000 m
        assertEquals(5.0, a.idleJoules().get("dram"), 1e-12);
        assertEquals(10.0, l.pod("b").idleJoules().get("package"), 1e-12);
        assertEquals(50.0, l.unrequestedJoules().get("package"), 1e-12);
        assertEquals(12.5, l.unrequestedJoules().get("dram"), 1e-12);
        // attributed 50 J and idle 25 J, at the interval's 240 J -> 0.024 g
        assertEquals(G_PER_J, l.gramsPerJoule(), 1e-15);
        assertEquals((50 + 25) * G_PER_J, a.grams(), 1e-12);
        assertEquals(25 * G_PER_J, a.idleGrams(), 1e-12);
        // the container holds the pod's whole request: all of its idle share
        PodCarbonLedger.ContainerTotals ca = l.containers().stream().filter(x -> x.id().equals("ca")).findFirst()
                .orElseThrow();
        assertEquals((50 + 25) * G_PER_J, ca.grams(), 1e-12);
        assertEquals((50 + 25 + 12.5) * G_PER_J, l.namespaceGrams().get("shop"), 1e-12);
    }

    @Test
    void shouldGiveNoIdleShareToAPodWithoutRequests() {
        PodView view = PodView.of(List.of(pod("a", "ns", 250, "Running", c("ca", 250)),
                pod("n", "ns", 0, "Running", c("cn", 0))), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        l.update(snapshot(5, 100, 100, 0, 0, List.of(container("cn", "n", "ns", "pod-n", "c-cn", 0))), view, 1000);
        assertTrue(l.pod("n").idleJoules().isEmpty());
        assertEquals(0.0, l.pod("n").grams());
        assertEquals(25.0, l.pod("a").idleJoulesTotal(), 1e-12);
        assertEquals(75.0, l.unrequestedJoules().get("package"), 1e-12);
    }

    @Test
    void shouldShareAgainstTheSumOfRequestsWhenCapacityIsUnknownOrOvercommitted() {
        PodView view = PodView.of(List.of(pod("a", "ns", 3000, "Running"), pod("b", "ns", 1000, "Running")), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        l.update(snapshot(1, 40, 40, 0, 0, List.of()), view, 0);
        assertEquals(30.0, l.pod("a").idleJoulesTotal(), 1e-12);
        assertEquals(10.0, l.pod("b").idleJoulesTotal(), 1e-12);
        assertEquals(0.0, l.unrequestedJoules().get("package"), 1e-12);
    }

    @Test
    void shouldKeepTheTotalsOfAPodThatFinishedAndStopSharingWithIt() {
        PodCarbonLedger l = new PodCarbonLedger(Duration.ofSeconds(60));
        PodView running = PodView.of(List.of(pod("job", "batch", 2000, "Running", c("cj", 2000))), 1);
        l.update(snapshot(10, 100, 40, 0, 0, List.of(container("cj", "job", "batch", "pod-job", "c-cj", 60))),
                running, 4000);
        double idleBefore = l.pod("job").idleJoulesTotal();
        double gramsBefore = l.pod("job").grams();
        assertEquals(20.0, idleBefore, 1e-12);

        // the Job completed: still listed (Succeeded), its workload retired by the meter
        PodView done = PodView.of(List.of(pod("job", "batch", 2000, "Succeeded", c("cj", 2000))), 2);
        l.update(snapshot(20, 200, 100, 0, 0, List.of()), done, 4000);
        assertEquals(idleBefore, l.pod("job").idleJoulesTotal(), 1e-12);
        assertEquals(gramsBefore, l.pod("job").grams(), 1e-12);
        assertEquals(40.0 - 20.0 + 60.0, l.unrequestedJoules().get("package"), 1e-12);
        assertEquals(gramsBefore, l.namespaceGrams().get("batch"), 1e-12);

        // deleted: kept for the retention, then forgotten; the namespace keeps its CO2e
        l.update(snapshot(50, 300, 150, 0, 0, List.of()), PodView.of(List.of(), 3), 4000);
        assertNotNull(l.pod("job"));
        l.update(snapshot(100, 400, 200, 0, 0, List.of()), PodView.of(List.of(), 4), 4000);
        assertNull(l.pod("job"));
        assertTrue(l.containers().isEmpty());
        assertEquals(gramsBefore, l.namespaceGrams().get("batch"), 1e-12);
    }

    @Test
    void shouldSplitAPodsIdleShareAmongItsContainersByTheirRequests() {
        PodView view = PodView.of(List.of(pod("a", "ns", 1000, "Running", c("web", 750), c("side", 250))), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        l.update(snapshot(1, 100, 100, 0, 0, List.of()), view, 1000);
        Map<String, Double> byId = new HashMap<>();
        for (PodCarbonLedger.ContainerTotals t : l.containers()) {
            byId.put(t.id(), t.grams());
        }
        assertEquals(75 * G_PER_J, byId.get("web"), 1e-12);
        assertEquals(25 * G_PER_J, byId.get("side"), 1e-12);
        assertEquals(100 * G_PER_J, l.pod("a").grams(), 1e-12);
    }

    @Test
    void shouldWriteNoCarbonSeriesWithoutAGridIntensity() {
        PodView view = PodView.of(List.of(pod("a", "ns", 1000, "Running", c("ca", 1000))), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        EnergySnapshot s = snapshot(1, 100, 100, 0, 0, List.of());
        EnergySnapshot noCarbon = new EnergySnapshot(s.time(), s.elapsed(), s.intervals(), s.zones(), s.processes(),
                s.workloads(), 0, List.of(), "");
        l.update(noCarbon, view, 2000);
        List<Series> out = new ArrayList<>();
        PodCarbon.write(l, noCarbon, new PodCarbon.Capacity(2000, "node_allocatable"), out::add);
        assertTrue(out.stream().anyMatch(x -> x.name().equals("energy4j_pod_idle_joules")
                && x.tags().get("pod_id").equals("a") && x.value() == 50.0));
        assertFalse(out.stream().anyMatch(x -> x.name().endsWith("carbon_grams")));

        List<Series> with = new ArrayList<>();
        PodCarbon.write(l, s, new PodCarbon.Capacity(2000, "node_allocatable"), with::add);
        Series ns = with.stream().filter(x -> x.name().equals("energy4j_namespace_carbon_grams")).findFirst()
                .orElseThrow();
        assertEquals(Map.of("pod_namespace", "ns", "provenance", "measured"), ns.tags());
    }

    @Test
    void shouldExportZeroIdleSeriesWhenTheIdlePolicyGivesNoIdleEnergy() {
        PodView view = PodView.of(List.of(pod("a", "ns", 1000, "Running", c("ca", 1000))), 1);
        PodCarbonLedger l = new PodCarbonLedger();
        l.update(snapshot(1, 100, 0, 10, 0, List.of()), view, 2000);
        List<Series> out = new ArrayList<>();
        PodCarbon.write(l, snapshot(1, 100, 0, 10, 0, List.of()), new PodCarbon.Capacity(2000, "logical_cpus"),
                out::add);
        assertEquals(2, out.stream().filter(x -> x.name().equals("energy4j_pod_idle_joules") && x.value() == 0)
                .count(), out.toString());
        assertEquals(2, out.stream().filter(x -> x.name().equals("energy4j_node_idle_unrequested_joules")
                && x.value() == 0).count(), out.toString());
    }

    /** Conservation and monotonic totals over random pods, requests, capacities and intervals. */
    @Test
    void shouldConserveIdleEnergyAndNeverDecreaseTotalsOverRandomIntervals() {
        Random rnd = new Random(21);
        for (int round = 0; round < 200; round++) {
            PodCarbonLedger l = new PodCarbonLedger(Duration.ofDays(1));
            double pkg = 0;
            double pkgIdle = 0;
            double dram = 0;
            double dramIdle = 0;
            Map<String, Double> lastGrams = new HashMap<>();
            long allocatable = rnd.nextInt(3) == 0 ? 0 : 1000L * (1 + rnd.nextInt(16));
            for (int step = 1; step <= 20; step++) {
                List<PodInfo> pods = new ArrayList<>();
                List<WorkloadEnergy> ws = new ArrayList<>();
                int n = rnd.nextInt(8);
                for (int p = 0; p < n; p++) {
                    String uid = "p" + rnd.nextInt(12);
                    long req = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4000);
                    String phase = rnd.nextInt(6) == 0 ? "Succeeded" : "Running";
                    if (pods.stream().noneMatch(x -> x.uid().equals(uid))) {
                        pods.add(pod(uid, "ns" + (uid.hashCode() % 3), req, phase, c("c" + uid, req)));
                        ws.add(container("c" + uid, uid, "ns" + (uid.hashCode() % 3), "pod-" + uid, "c",
                                step * 3.0));
                    }
                }
                double dp = rnd.nextDouble() * 100;
                double dd = rnd.nextDouble() * 20;
                pkg += dp;
                dram += dd;
                pkgIdle += dp * rnd.nextDouble();
                dramIdle += dd * rnd.nextDouble();
                l.update(snapshot(step, pkg, pkgIdle, dram, dramIdle, ws), PodView.of(pods, step), allocatable);

                for (String zone : List.of("package", "dram")) {
                    double node = l.nodeIdleJoules().getOrDefault(zone, 0.0);
                    double sum = l.unrequestedJoules().getOrDefault(zone, 0.0);
                    for (PodCarbonLedger.PodTotals t : l.pods()) {
                        double v = t.idleJoules().getOrDefault(zone, 0.0);
                        assertTrue(v >= 0, "negative share");
                        sum += v;
                    }
                    assertEquals(node, sum, 1e-9 * Math.max(1, node), "round " + round + " step " + step + " " + zone);
                }
                assertEquals(pkgIdle, l.nodeIdleJoules().getOrDefault("package", 0.0), 1e-9 * Math.max(1, pkgIdle));
                for (PodCarbonLedger.PodTotals t : l.pods()) {
                    double before = lastGrams.getOrDefault(t.uid(), 0.0);
                    assertTrue(t.grams() >= before - 1e-15, "pod CO2e went down");
                    lastGrams.put(t.uid(), t.grams());
                }
                double nsSum = 0;
                for (double g : l.namespaceGrams().values()) {
                    nsSum += g;
                }
                double podSum = 0;
                for (PodCarbonLedger.PodTotals t : l.pods()) {
                    podSum += t.grams();
                }
                assertEquals(podSum, nsSum, 1e-9 * Math.max(1, podSum), "namespaces add up to the pods");
            }
        }
    }
}
