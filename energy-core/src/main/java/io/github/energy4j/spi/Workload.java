package io.github.energy4j.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a process belongs to, as told by a {@link WorkloadResolver}: a container, a pod, a systemd
 * unit. {@link #HOST} stands for "not in any workload".
 *
 * @param id      stable identity (container id, pod uid); the key energy is summed under
 * @param kind    {@code container}, {@code pod}, {@code host}, ...
 * @param runtime {@code containerd}, {@code docker}, {@code crio}, {@code podman}, or empty
 * @param podUid  pod UID with dashes, or empty
 * @param labels  extra low-cardinality labels (namespace, pod, container name, qos); never null
 */
public record Workload(String id, String kind, String runtime, String podUid, Map<String, String> labels) {

    /** The sentinel for processes that are not in a container. */
    public static final Workload HOST = new Workload("", "host", "", "", Map.of());

    public Workload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(podUid, "podUid");
        labels = Map.copyOf(labels);
    }

    public boolean isHost() {
        return id.isEmpty();
    }
}
