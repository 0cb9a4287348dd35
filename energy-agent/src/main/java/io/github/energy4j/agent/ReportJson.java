package io.github.energy4j.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.GreenSummary;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.agent.vm.VirtualMachine;
import io.github.energy4j.agent.vm.VmProcesses;
import io.github.energy4j.k8s.pods.PodInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code energy4j report --format json}: one window of a meter as a JSON document. */
final class ReportJson {

    private ReportJson() {
    }

    /**
     * The JSON report. With a pod source ({@code idleSplit} not null) each {@code pods[]} entry has
     * {@code idleJoules}, its share of the node's idle energy by CPU request (null when the pod list could not
     * be had), pods that request CPU but used none in the window are listed with {@code joules} 0, and
     * {@code idleByCpuRequests} says against what capacity and what no pod requests:
     * {@code Σ pods[].idleJoules + idleByCpuRequests.unallocatedJoules = idleJoules}.
     */
    static void write(EnergySnapshot s, List<ProcessEnergy> procs, List<WorkloadEnergy> wls,
                      PodCpuRequests.Split idleSplit, VmProcesses vms, PrintStream out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeNumberField("durationSeconds", s.elapsed().toNanos() * 1e-9);
            g.writeNumberField("intervals", s.intervals());
            g.writeStringField("provenance", s.provenance().toString());
            g.writeNumberField("nodeJoules", s.nodeJoules());
            g.writeNumberField("idleJoules", s.idleJoules());
            g.writeNumberField("unattributedJoules", s.unattributedJoules());
            Json.number(g, "carbonGrams", s.carbonProvenance().isEmpty() ? Double.NaN : ReportCommand.primaryCarbon(s));
            g.writeArrayFieldStart("sources");
            for (SourceStatus st : s.sources()) {
                if (st.selected()) {
                    g.writeString(st.id());
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("zones");
            for (ZoneEnergy z : s.zones()) {
                g.writeStartObject();
                g.writeStringField("name", z.name());
                g.writeNumberField("index", z.index());
                g.writeStringField("domain", z.domain().tag());
                g.writeStringField("source", z.source());
                g.writeBooleanField("estimated", z.estimated());
                g.writeBooleanField("primary", z.primary());
                g.writeNumberField("joules", z.joules());
                g.writeNumberField("activeJoules", z.activeJoules());
                g.writeNumberField("idleJoules", z.idleJoules());
                g.writeNumberField("unattributedJoules", z.unattributedJoules());
                Json.number(g, "watts", z.joules() / Math.max(1e-9, s.elapsed().toNanos() * 1e-9));
                Json.number(g, "carbonGrams", z.carbonGrams());
                g.writeStringField("status", z.status());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("processes");
            for (ProcessEnergy p : procs) {
                g.writeStartObject();
                g.writeNumberField("pid", p.pid());
                g.writeStringField("comm", p.comm());
                g.writeStringField("containerId", p.workload().id());
                g.writeStringField("podUid", p.workload().podUid());
                VirtualMachine vm = p.workload().isHost() ? vms.of(p.pid(), p.startTimeTicks()) : VirtualMachine.NONE;
                if (vm.isVm()) {
                    g.writeObjectFieldStart("vm");
                    g.writeStringField("id", vm.id());
                    g.writeStringField("name", vm.name());
                    g.writeStringField("hypervisor", vm.hypervisor());
                    g.writeEndObject();
                }
                g.writeNumberField("joules", p.joules());
                g.writeNumberField("cpuSeconds", p.cpuTime().toNanos() * 1e-9);
                Json.number(g, "carbonGrams", p.carbonGrams());
                g.writeBooleanField("exited", p.exited());
                g.writeObjectFieldStart("zoneJoules");
                for (int z = 0; z < s.zones().size(); z++) {
                    g.writeNumberField(s.zones().get(z).name(), p.zoneJoules().get(z));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("workloads");
            for (WorkloadEnergy w : wls) {
                g.writeStartObject();
                g.writeStringField("id", w.workload().id());
                g.writeStringField("kind", w.workload().kind());
                g.writeStringField("runtime", w.workload().runtime());
                g.writeStringField("podUid", w.workload().podUid());
                g.writeNumberField("joules", w.joules());
                Json.number(g, "carbonGrams", w.carbonGrams());
                g.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> e : w.workload().labels().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("pods");
            Set<String> listed = new HashSet<>();
            for (PodEnergy p : ReportCommand.pods(s)) {
                listed.add(p.podUid());
                PodInfo info = idleSplit == null ? null : idleSplit.view().pod(p.podUid());
                double idle = idleSplit == null ? Double.NaN : idleSplit.status().isEmpty()
                        ? idleSplit.byPod().getOrDefault(p.podUid(), 0.0) : Double.NaN;
                pod(g, p.podUid(), p.namespace().isEmpty() && info != null ? info.namespace() : p.namespace(),
                        p.pod().isEmpty() && info != null ? info.name() : p.pod(), p.joules(), idleSplit != null, idle);
            }
            if (idleSplit != null) {
                // pods that hold CPU requests (and so idle energy) without using energy in the window
                List<String> idleOnly = new ArrayList<>(idleSplit.byPod().keySet());
                idleOnly.removeAll(listed);
                idleOnly.sort(Comparator.comparingDouble((String uid) -> idleSplit.byPod().get(uid)).reversed());
                for (String uid : idleOnly) {
                    PodInfo info = idleSplit.view().pod(uid);
                    pod(g, uid, info == null ? "" : info.namespace(), info == null ? "" : info.name(), 0.0, true,
                            idleSplit.byPod().get(uid));
                }
            }
            g.writeEndArray();
            if (idleSplit != null) {
                g.writeObjectFieldStart("idleByCpuRequests");
                g.writeStringField("podSource", idleSplit.source());
                g.writeStringField("status", idleSplit.status());
                g.writeNumberField("allocatableMillis", idleSplit.allocatableMillis());
                Json.number(g, "unallocatedJoules", idleSplit.unallocatedJoules());
                g.writeEndObject();
            }
            String platformProblem = GreenSummary.platformProblem(s.zones());
            if (!platformProblem.isEmpty()) {
                g.writeNullField("otherJoules"); // unknown, not zero: the platform meter could not be read
            } else {
                double other = ReportCommand.otherJoules(s);
                if (!Double.isNaN(other)) {
                    g.writeNumberField("otherJoules", other);
                }
            }
            g.writeStringField("carbonProvenance", s.carbonProvenance());
            g.writeEndObject();
        }
        out.println();
    }

    /** One {@code pods[]} entry; {@code idleJoules} only with a pod source (null when unknown). */
    private static void pod(JsonGenerator g, String uid, String namespace, String name, double joules,
                            boolean withIdle, double idleJoules) throws IOException {
        g.writeStartObject();
        g.writeStringField("podUid", uid);
        g.writeStringField("namespace", namespace);
        g.writeStringField("pod", name);
        g.writeNumberField("joules", joules);
        if (withIdle) {
            Json.number(g, "idleJoules", idleJoules);
        }
        g.writeEndObject();
    }
}
