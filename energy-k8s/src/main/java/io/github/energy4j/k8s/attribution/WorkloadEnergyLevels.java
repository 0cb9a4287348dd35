package io.github.energy4j.k8s.attribution;

import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodView;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rolls per-container joules up to pods and namespaces, and splits idle energy by CPU requests. Pure functions
 * over immutable inputs; thread-safe. Cold path (once per report or scrape).
 *
 * <pre>{@code
 * WorkloadEnergyLevels.Totals t = WorkloadEnergyLevels.rollUp(joulesByContainer, view);
 * IdleSplit idle = WorkloadEnergyLevels.splitIdleByCpuRequests(idleJoules, view);
 * }</pre>
 */
public final class WorkloadEnergyLevels {

    /** Key under which energy of containers whose pod is not known is summed. */
    public static final String UNKNOWN = "";

    private WorkloadEnergyLevels() {
    }

    /**
     * Totals at three levels.
     *
     * @param byContainer joules per container id (as given)
     * @param byPod       joules per pod UID; containers of unknown pods under {@link #UNKNOWN}
     * @param byNamespace joules per namespace; unknown under {@link #UNKNOWN}
     * @param totalJoules sum over all containers; equal to the sum of each map
     */
    public record Totals(Map<String, Double> byContainer, Map<String, Double> byPod,
                         Map<String, Double> byNamespace, double totalJoules) {
        public Totals {
            byContainer = Map.copyOf(byContainer);
            byPod = Map.copyOf(byPod);
            byNamespace = Map.copyOf(byNamespace);
        }
    }

    /**
     * Idle energy shared by CPU requests.
     *
     * @param byPod       joules per pod UID, proportional to the pod's effective CPU request
     * @param unallocated joules of the node's capacity not requested by any pod (or all of it when no pod
     *                    requests CPU)
     */
    public record IdleSplit(Map<String, Double> byPod, double unallocated) {
        public IdleSplit {
            byPod = Map.copyOf(byPod);
        }
    }

    /**
     * Sums container joules per pod and per namespace.
     *
     * @param joulesByContainer joules per container id (negative or NaN values are rejected)
     * @param view              pod metadata: maps container ids to pods
     */
    public static Totals rollUp(Map<String, Double> joulesByContainer, PodView view) {
        Objects.requireNonNull(view, "view");
        Map<String, Double> pods = new HashMap<>();
        Map<String, Double> namespaces = new HashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : joulesByContainer.entrySet()) {
            double j = e.getValue();
            if (!(j >= 0) || Double.isInfinite(j)) {
                throw new IllegalArgumentException("joules of container " + e.getKey()
                        + " must be finite and non-negative, got " + j);
            }
            PodView.ContainerRef ref = view.container(e.getKey());
            String pod = ref == null ? UNKNOWN : ref.pod().uid();
            String ns = ref == null ? UNKNOWN : ref.pod().namespace();
            pods.merge(pod, j, Double::sum);
            namespaces.merge(ns, j, Double::sum);
            total += j;
        }
        return new Totals(joulesByContainer, pods, namespaces, total);
    }

    /**
     * Shares idle energy among pods in proportion to their effective CPU requests against the node's allocatable
     * CPU: a pod requesting 500m on a 4000m node gets 12.5 %; what no pod requests stays unallocated. When
     * requests exceed capacity (overcommitted node, or capacity not known: pass 0), shares are relative to the
     * sum of requests and nothing is unallocated. Finished pods ({@link PodInfo#terminal()}, such as completed
     * Jobs that the kubelet still lists) hold no CPU request, as for the scheduler, and get no share.
     *
     * @param idleJoules           idle energy of the interval, finite and non-negative
     * @param view                 pods with their {@link PodInfo#cpuRequestMillis()}
     * @param nodeAllocatableMillis node allocatable CPU in millicores, or 0 when unknown
     */
    public static IdleSplit splitIdleByCpuRequests(double idleJoules, PodView view, long nodeAllocatableMillis) {
        if (!(idleJoules >= 0) || Double.isInfinite(idleJoules)) {
            throw new IllegalArgumentException("idleJoules must be finite and non-negative, got " + idleJoules);
        }
        if (nodeAllocatableMillis < 0) {
            throw new IllegalArgumentException("nodeAllocatableMillis must be >= 0, got " + nodeAllocatableMillis);
        }
        long requested = 0;
        for (PodInfo p : view.pods()) {
            if (!p.terminal()) {
                requested += p.cpuRequestMillis();
            }
        }
        Map<String, Double> byPod = new HashMap<>();
        if (requested == 0) {
            return new IdleSplit(byPod, idleJoules);
        }
        long denominator = Math.max(requested, nodeAllocatableMillis);
        double given = 0;
        for (PodInfo p : view.pods()) {
            if (p.cpuRequestMillis() > 0 && !p.terminal()) {
                double share = idleJoules * p.cpuRequestMillis() / denominator;
                byPod.put(p.uid(), share);
                given += share;
            }
        }
        return new IdleSplit(byPod, Math.max(0, idleJoules - given));
    }
}
