package io.github.energy4j.k8s.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.energy4j.k8s.K8sWorkloadResolverTest;
import io.github.energy4j.k8s.pods.ContainerInfo;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkloadEnergyLevelsTest {

    private static final String APP = K8sWorkloadResolverTest.APP;
    private static final String METRICS = "3".repeat(64);
    private static final String WORKER = "5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c";

    @Test
    void shouldSumContainersIntoPodsAndNamespaces() throws Exception {
        PodView view = K8sWorkloadResolverTest.fixtureView();
        Map<String, Double> j = Map.of(APP, 10.0, METRICS, 2.5, WORKER, 4.0, "f".repeat(64), 1.0);
        WorkloadEnergyLevels.Totals t = WorkloadEnergyLevels.rollUp(j, view);
        assertEquals(12.5, t.byPod().get("03f3f104-3215-44f2-9686-d4dd1f05a7ed"), 1e-12);
        assertEquals(4.0, t.byPod().get("a5c1f8d5-1919-434d-add7-4afaafdaef89"), 1e-12);
        assertEquals(1.0, t.byPod().get(WorkloadEnergyLevels.UNKNOWN), 1e-12);
        assertEquals(12.5, t.byNamespace().get("shop"), 1e-12);
        assertEquals(4.0, t.byNamespace().get("jobs"), 1e-12);
        assertEquals(17.5, t.totalJoules(), 1e-12);
    }

    @Test
    void shouldConserveEnergyAcrossLevelsForRandomInputs() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<PodInfo> pods = new ArrayList<>();
            Map<String, Double> joules = new HashMap<>();
            int nPods = 1 + rnd.nextInt(20);
            for (int p = 0; p < nPods; p++) {
                List<ContainerInfo> cs = new ArrayList<>();
                for (int c = 0; c < 1 + rnd.nextInt(4); c++) {
                    String id = String.format("%064x", (long) round * 1000 + p * 10 + c);
                    cs.add(new ContainerInfo(id, "containerd", "c" + c, ContainerInfo.Type.CONTAINER, 0));
                    joules.put(id, rnd.nextDouble() * 100);
                }
                pods.add(new PodInfo("uid-" + p, "ns-" + rnd.nextInt(3), "p" + p, "n", "", rnd.nextInt(2000), cs));
            }
            joules.put("orphan-" + round, rnd.nextDouble());
            PodView view = PodView.of(pods, 1);
            WorkloadEnergyLevels.Totals t = WorkloadEnergyLevels.rollUp(joules, view);
            double sum = joules.values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(sum, t.totalJoules(), 1e-9);
            assertEquals(sum, t.byPod().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertEquals(sum, t.byNamespace().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            double idle = rnd.nextDouble() * 500;
            WorkloadEnergyLevels.IdleSplit split = WorkloadEnergyLevels.splitIdleByCpuRequests(idle, view,
                    rnd.nextInt(30_000));
            double shared = split.byPod().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(idle, shared + split.unallocated(), 1e-9);
        }
    }

    @Test
    void shouldSplitIdleEnergyInProportionToCpuRequestsAndLeaveRestUnallocated() {
        PodView view = PodView.of(List.of(
                new PodInfo("a", "ns", "a", "n", "", 500, List.of()),
                new PodInfo("b", "ns", "b", "n", "", 1500, List.of()),
                new PodInfo("c", "ns", "c", "n", "", 0, List.of())), 1);
        WorkloadEnergyLevels.IdleSplit s = WorkloadEnergyLevels.splitIdleByCpuRequests(80.0, view, 4000);
        assertEquals(10.0, s.byPod().get("a"), 1e-12);
        assertEquals(30.0, s.byPod().get("b"), 1e-12);
        assertEquals(null, s.byPod().get("c"));
        assertEquals(40.0, s.unallocated(), 1e-12);
    }

    @Test
    void shouldShareAllIdleEnergyWhenNodeIsOvercommittedOrCapacityUnknown() {
        PodView view = PodView.of(List.of(
                new PodInfo("a", "ns", "a", "n", "", 3000, List.of()),
                new PodInfo("b", "ns", "b", "n", "", 1000, List.of())), 1);
        WorkloadEnergyLevels.IdleSplit s = WorkloadEnergyLevels.splitIdleByCpuRequests(100.0, view, 0);
        assertEquals(75.0, s.byPod().get("a"), 1e-12);
        assertEquals(25.0, s.byPod().get("b"), 1e-12);
        assertEquals(0.0, s.unallocated(), 1e-12);
        WorkloadEnergyLevels.IdleSplit none = WorkloadEnergyLevels.splitIdleByCpuRequests(100.0, PodView.EMPTY, 4000);
        assertEquals(100.0, none.unallocated(), 1e-12);
    }

    @Test
    void shouldGiveNoIdleEnergyToFinishedPodsWhoseRequestsNoLongerHoldTheNode() {
        PodView view = PodView.of(List.of(
                new PodInfo("run", "ns", "run", "n", "", 1000, List.of(), "Running"),
                new PodInfo("pend", "ns", "pend", "n", "", 1000, List.of(), "Pending"),
                new PodInfo("done", "ns", "done", "n", "", 2000, List.of(), "Succeeded"),
                new PodInfo("crashed", "ns", "crashed", "n", "", 2000, List.of(), "Failed")), 1);
        WorkloadEnergyLevels.IdleSplit s = WorkloadEnergyLevels.splitIdleByCpuRequests(40.0, view, 4000);
        assertEquals(10.0, s.byPod().get("run"), 1e-12);
        assertEquals(10.0, s.byPod().get("pend"), 1e-12, "a pending pod's request is already reserved");
        assertEquals(null, s.byPod().get("done"));
        assertEquals(null, s.byPod().get("crashed"));
        assertEquals(20.0, s.unallocated(), 1e-12);
    }

    @Test
    void shouldRejectNegativeOrNaNJoules() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkloadEnergyLevels.rollUp(Map.of("x", -1.0), PodView.EMPTY));
        assertThrows(IllegalArgumentException.class,
                () -> WorkloadEnergyLevels.splitIdleByCpuRequests(Double.NaN, PodView.EMPTY, 0));
    }
}
