package io.github.energy4j.k8s;

import io.github.energy4j.k8s.cgroup.CgroupContainer;
import io.github.energy4j.k8s.cgroup.CgroupCpuAccounting;
import io.github.energy4j.k8s.cgroup.ProcessCgroupReader;
import io.github.energy4j.k8s.pods.ContainerInfo;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.k8s.pods.PodMetadataService;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadCpuReader;
import io.github.energy4j.spi.WorkloadResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves processes to containers and pods from {@code <procfs>/[pid]/cgroup}, and labels them with pod
 * metadata (namespace, pod, container) when a {@link PodMetadataService} has it.
 *
 * <p>Workloads: kind {@code container} with id = container id; kind {@code pod} with id = pod UID for processes
 * in a pod but outside any container (CRI-O conmon); {@link Workload#HOST} otherwise. Labels: {@code qos} when
 * known; {@code namespace}, {@code pod}, {@code container} once metadata arrives. A container of a known pod
 * that has no status entry is the pod sandbox ({@code pause}): {@code container=pod-infra}.
 *
 * <p>Sampler thread only. {@link #resolve} parses once per (pid, start time); {@link #refresh} rebuilds a
 * workload only when a new pod view was published.
 */
public final class K8sWorkloadResolver implements WorkloadResolver {

    /** Label value of the pod sandbox (pause) container. */
    public static final String POD_INFRA = "pod-infra";

    /** Without {@code nr_descendants} (cgroup v1), containers started since are found within this many reads. */
    private static final int V1_RELIST_EVERY = 10;

    private final ProcessCgroupReader cgroups;
    private final Path sysfs;
    private final Supplier<PodView> pods;
    private final AutoCloseable owned;
    private final Map<String, Refreshed> refreshed = new HashMap<>();

    /**
     * @param procfs the proc root ({@code /host/proc} in a DaemonSet)
     * @param pods   the current pod view (for example {@code service::view}); {@code () -> PodView.EMPTY}
     *               for none
     * @param owned  closed with this resolver (the metadata service), or null
     */
    public K8sWorkloadResolver(Path procfs, Supplier<PodView> pods, AutoCloseable owned) {
        this(procfs, null, pods, owned);
    }

    /**
     * @param sysfs the sys root, for per-container CPU counters ({@link #workloadCpu()}); null for none
     */
    public K8sWorkloadResolver(Path procfs, Path sysfs, Supplier<PodView> pods, AutoCloseable owned) {
        this.cgroups = new ProcessCgroupReader(procfs);
        this.sysfs = sysfs;
        this.pods = pods;
        this.owned = owned;
    }

    /** Without pod metadata. */
    public K8sWorkloadResolver(Path procfs) {
        this(procfs, () -> PodView.EMPTY, null);
    }

    @Override
    public Workload resolve(int pid, long startTime) {
        try {
            return toWorkload(cgroups.read(pid, startTime), pods.get());
        } catch (RuntimeException e) {
            return Workload.HOST; // the contract: never throws
        }
    }

    /**
     * Per-container CPU time from the cgroup tree under {@code <sysfs>/fs/cgroup}, labelled like
     * {@link #resolve}; empty without a sysfs or a cgroup tree.
     */
    @Override
    public Optional<WorkloadCpuReader> workloadCpu() {
        if (sysfs == null) {
            return Optional.empty();
        }
        return CgroupCpuAccounting.open(sysfs, c -> toWorkload(c, pods.get()), V1_RELIST_EVERY)
                .map(a -> (WorkloadCpuReader) a);
    }

    /** The cgroup view of a process, without metadata (cached per pid and start time). */
    public CgroupContainer container(int pid, long startTime) {
        return cgroups.read(pid, startTime);
    }

    @Override
    public Workload refresh(Workload w) {
        if (w.isHost()) {
            return w;
        }
        PodView view = pods.get();
        Refreshed r = refreshed.get(w.id());
        if (r != null && r.version == view.version()) {
            return r.workload;
        }
        Workload now = relabel(w, view);
        if (refreshed.size() > 65_536) {
            refreshed.clear();
        }
        refreshed.put(w.id(), new Refreshed(view.version(), now));
        return now;
    }

    /** Forgets a process that exited. */
    public void forget(int pid) {
        cgroups.forget(pid);
    }

    /** Maps a cgroup result and the pod view to a workload. */
    public static Workload toWorkload(CgroupContainer c, PodView view) {
        if (c.isHost()) {
            return Workload.HOST;
        }
        Map<String, String> labels = new HashMap<>();
        if (!c.qos().label().isEmpty()) {
            labels.put("qos", c.qos().label());
        }
        if (!c.taskId().isEmpty()) {
            labels.put("ecs_task", c.taskId());
        }
        Workload w = c.isContainer()
                ? new Workload(c.containerId(), "container", c.runtime(), c.podUid(), labels)
                : new Workload(c.podUid(), "pod", "", c.podUid(), labels);
        return relabel(w, view);
    }

    private static Workload relabel(Workload w, PodView view) {
        Map<String, String> labels = new HashMap<>(w.labels());
        String runtime = w.runtime();
        String podUid = w.podUid();
        PodInfo pod = null;
        if (w.kind().equals("container")) {
            PodView.ContainerRef ref = view.container(w.id());
            if (ref != null) {
                pod = ref.pod();
                ContainerInfo ci = ref.container();
                labels.put("container", ci.name());
                if (ci.type() != ContainerInfo.Type.CONTAINER) {
                    labels.put("container_type", ci.type().name().toLowerCase(java.util.Locale.ROOT));
                }
                if (runtime.isEmpty()) {
                    runtime = ci.runtime();
                }
                if (podUid.isEmpty()) {
                    podUid = pod.uid();
                }
            } else if (!podUid.isEmpty() && view.pod(podUid) != null) {
                pod = view.pod(podUid);
                labels.put("container", POD_INFRA);
            }
        } else if (!podUid.isEmpty()) {
            pod = view.pod(podUid);
        }
        if (pod != null) {
            labels.put("namespace", pod.namespace());
            labels.put("pod", pod.name());
        }
        Workload out = new Workload(w.id(), w.kind(), runtime, podUid, labels);
        return out.equals(w) ? w : out;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // closing a background refresher; nothing left to report to
            }
        }
    }

    private record Refreshed(long version, Workload workload) {
    }
}
