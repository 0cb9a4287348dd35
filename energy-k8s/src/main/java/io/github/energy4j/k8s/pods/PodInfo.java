package io.github.energy4j.k8s.pods;

import java.util.List;
import java.util.Objects;

/**
 * Pod metadata as needed for attribution.
 *
 * @param uid              pod UID with dashes
 * @param namespace        namespace
 * @param name             pod name
 * @param nodeName         node the pod is bound to, or empty
 * @param resourceVersion  the object's resourceVersion, or empty
 * @param cpuRequestMillis effective pod CPU request in millicores, as the scheduler counts it: the larger of
 *                         the sum over regular (and restartable init) containers and the largest init container
 * @param containers       every declared container with its runtime id when started
 * @param phase            {@code status.phase}: {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed},
 *                         {@code Unknown}, or empty when the source did not say
 */
public record PodInfo(String uid, String namespace, String name, String nodeName, String resourceVersion,
                      long cpuRequestMillis, List<ContainerInfo> containers, String phase) {

    public PodInfo {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        containers = List.copyOf(containers);
    }

    /** A pod whose phase is not known. */
    public PodInfo(String uid, String namespace, String name, String nodeName, String resourceVersion,
                   long cpuRequestMillis, List<ContainerInfo> containers) {
        this(uid, namespace, name, nodeName, resourceVersion, cpuRequestMillis, containers, "");
    }

    /**
     * Whether the pod has finished ({@code Succeeded} or {@code Failed}): its containers no longer run and, as for
     * the scheduler, its CPU requests no longer hold any of the node's capacity. The kubelet keeps listing such
     * pods (completed Jobs) until they are deleted.
     */
    public boolean terminal() {
        return phase.equals("Succeeded") || phase.equals("Failed");
    }
}
