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
 */
public record PodInfo(String uid, String namespace, String name, String nodeName, String resourceVersion,
                      long cpuRequestMillis, List<ContainerInfo> containers) {

    public PodInfo {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        containers = List.copyOf(containers);
    }
}
