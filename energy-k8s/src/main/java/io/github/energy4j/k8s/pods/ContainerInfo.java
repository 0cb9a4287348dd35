package io.github.energy4j.k8s.pods;

import java.util.Objects;

/**
 * One container of a pod, from the pod's spec and status.
 *
 * @param containerId      runtime container id without the scheme ({@code containerd://} stripped), or empty
 *                         when the container has not started yet
 * @param runtime          {@code containerd}, {@code docker}, {@code crio}, ... from the id's scheme, or empty
 * @param name             container name in the pod spec
 * @param type             regular, init or ephemeral
 * @param cpuRequestMillis CPU request in millicores, 0 when none
 */
public record ContainerInfo(String containerId, String runtime, String name, Type type, long cpuRequestMillis) {

    /** Where the container is declared in the pod spec. */
    public enum Type {
        CONTAINER, INIT, EPHEMERAL
    }

    public ContainerInfo {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
