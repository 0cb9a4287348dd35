package io.github.energy4j.k8s.cgroup;

import java.util.Objects;

/**
 * The innermost container (and pod) a process belongs to, as read from {@code /proc/[pid]/cgroup} (or, for a
 * process that sees its own cgroup as its namespace's root, from {@code /proc/[pid]/mountinfo}).
 *
 * @param containerId   container id as the runtime spells it (64 lower-case hex digits for docker, containerd,
 *                      CRI-O, podman, runc and others; {@code <task>-<n>} on Fargate), or empty when the process
 *                      is in a pod but not in a container (a CRI-O conmon under the pod slice; a containerd pod
 *                      container named only by its mounts) or on the host
 * @param runtime       {@code docker}, {@code containerd}, {@code crio}, {@code podman}, {@code ecs}, or empty when
 *                      unknown: the layout does not name it (kubelet cgroupfs driver) or names one not in this
 *                      list ({@code runc-<id>.scope}, {@code <word>-<id>.scope}); the id is taken all the same
 * @param podUid        Kubernetes pod UID with dashes, or empty
 * @param qos           pod QoS class, {@link QosClass#UNKNOWN} outside Kubernetes or when the layout does not say
 * @param cgroupPath    the cgroup path of the container (or pod) as written in the file, possibly relative
 *                      ({@code ../../kubepods...}) when read from inside a cgroup namespace; empty for the host and
 *                      when the container was named by the files mounted into it (the namespace hides the path)
 * @param cgroupVersion 2 when {@code cgroupPath} comes from the unified ({@code 0::}) line, 1 when from the
 *                      v1 {@code cpuacct} (or first matching) hierarchy, 0 when there is no path
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
