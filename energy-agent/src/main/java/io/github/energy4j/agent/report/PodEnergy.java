package io.github.energy4j.agent.report;

import io.github.energy4j.WorkloadEnergy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The energy of one pod: the sum of its workloads (containers and the pod-level cgroup).
 *
 * @param podUid     pod UID
 * @param namespace  namespace, empty when the pod view is unavailable
 * @param pod        pod name, empty when the pod view is unavailable
 * @param joules     sum over the primary zones
 * @param zoneJoules per zone, in the order of the snapshot's zones
 */
public record PodEnergy(String podUid, String namespace, String pod, double joules, double[] zoneJoules) {

    /** Groups workloads by pod UID, in first-seen order; workloads without a pod UID are skipped. */
    public static List<PodEnergy> rollUp(List<WorkloadEnergy> workloads) {
        Map<String, PodEnergy> pods = new LinkedHashMap<>();
        for (WorkloadEnergy w : workloads) {
            String uid = w.workload().podUid();
            if (uid.isEmpty()) {
                continue;
            }
            PodEnergy p = pods.get(uid);
            String ns = w.workload().labels().getOrDefault("namespace", "");
            String name = w.workload().labels().getOrDefault("pod", "");
            if (p == null) {
                pods.put(uid, new PodEnergy(uid, ns, name, w.joules(), w.zoneJoules().toArray()));
            } else {
                double[] z = p.zoneJoules().clone();
                for (int i = 0; i < z.length && i < w.zoneJoules().size(); i++) {
                    z[i] += w.zoneJoules().get(i);
                }
                pods.put(uid, new PodEnergy(uid, p.namespace().isEmpty() ? ns : p.namespace(),
                        p.pod().isEmpty() ? name : p.pod(), p.joules() + w.joules(), z));
            }
        }
        return new ArrayList<>(pods.values());
    }
}
