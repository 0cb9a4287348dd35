package io.github.energy4j.k8s.pods;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the pods on this node, indexed by pod UID and by container id. Thread-safe; a new
 * instance is published on every change.
 */
public final class PodView {

    /** No pods known yet. */
    public static final PodView EMPTY = new PodView(List.of(), 0);

    /** A container with its pod. */
    public record ContainerRef(PodInfo pod, ContainerInfo container) {
    }

    private final Map<String, PodInfo> byUid;
    private final Map<String, ContainerRef> byContainerId;
    private final long version;

    private PodView(Collection<PodInfo> pods, long version) {
        Map<String, PodInfo> u = new HashMap<>();
        Map<String, ContainerRef> c = new HashMap<>();
        for (PodInfo p : pods) {
            u.put(p.uid(), p);
            for (ContainerInfo ci : p.containers()) {
                if (!ci.containerId().isEmpty()) {
                    c.put(ci.containerId(), new ContainerRef(p, ci));
                }
            }
        }
        this.byUid = Map.copyOf(u);
        this.byContainerId = Map.copyOf(c);
        this.version = version;
    }

    /** A view of {@code pods}; {@code version} increases with every published view. */
    public static PodView of(Collection<PodInfo> pods, long version) {
        return new PodView(pods, version);
    }

    /** The pod with this UID, or null. */
    public PodInfo pod(String uid) {
        return byUid.get(uid);
    }

    /** The container with this runtime id (no scheme), or null. */
    public ContainerRef container(String containerId) {
        return byContainerId.get(containerId);
    }

    public Collection<PodInfo> pods() {
        return byUid.values();
    }

    public int size() {
        return byUid.size();
    }

    /** Increases with every published view; 0 for {@link #EMPTY}. */
    public long version() {
        return version;
    }
}
