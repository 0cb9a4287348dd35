package io.github.energy4j.k8s.cgroup;

import java.util.Objects;

/**
 * The innermost container (and pod) a process belongs to, as read from {@code /proc/[pid]/cgroup}.
 *
 * @param containerId   container id as the runtime spells it (64 hex digits for docker, containerd, CRI-O and
 *                      podman; {@code <task>-<n>} on Fargate), or empty when the process is in a pod but not in
 *                      a container (a CRI-O conmon under the pod slice) or on the host
 * @param runtime       {@code docker}, {@code containerd}, {@code crio}, {@code podman}, {@code ecs}, or empty
 *                      when the layout does not name it (kubelet cgroupfs driver)
 * @param podUid        Kubernetes pod UID with dashes, or empty
 * @param qos           pod QoS class, {@link QosClass#UNKNOWN} outside Kubernetes
 * @param cgroupPath    the cgroup path of the container (or pod) as written in the file, possibly relative
 *                      ({@code ../../kubepods...}) when read from inside a cgroup namespace; empty for the host
 * @param cgroupVersion 2 when {@code cgroupPath} comes from the unified ({@code 0::}) line, 1 when from the
 *                      v1 {@code cpuacct} (or first matching) hierarchy, 0 for the host
 * @param taskId        ECS task id, or empty
 */
public record CgroupContainer(String containerId, String runtime, String podUid, QosClass qos, String cgroupPath,
                              int cgroupVersion, String taskId) {

    /** The sentinel for host processes: no container, no pod. */
    public static final CgroupContainer HOST = new CgroupContainer("", "", "", QosClass.UNKNOWN, "", 0, "");

    public CgroupContainer {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        Objects.requireNonNull(taskId, "taskId");
    }

    /** True when a container id was found. */
    public boolean isContainer() {
        return !containerId.isEmpty();
    }

    /** True when neither a container nor a pod was found. */
    public boolean isHost() {
        return containerId.isEmpty() && podUid.isEmpty();
    }
}
