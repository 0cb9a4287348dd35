package io.github.energy4j.agent;

import io.github.energy4j.internal.io.KernelFile;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.agent.vm.VirtualMachine;
import io.github.energy4j.agent.vm.VmProcesses;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.GreenReport;
import io.github.energy4j.agent.report.GreenSummary;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.carbon.providers.internal.LiveIntensity;
import io.github.energy4j.k8s.pods.PodInfo;
import io.github.energy4j.carbon.cli.CarbonOptions;
import io.github.energy4j.spi.GridIntensity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code energy4j report --duration 10s}: meters the node for a window and prints node, zone,
 * process and workload energy.
 */
final class ReportCommand {

    private ReportCommand() {
    }

    /** Carbon flags handed to energy-carbon; the rest are the report's own. */
    static final Set<String> CARBON_FLAGS = Set.of("region", "country", "intensity", "provider", "zone", "pue");

    static int run(List<String> all, PrintStream out, PrintStream err) throws IOException {
        if (io.github.energy4j.agent.history.HistoryReportCommand.wanted(all)) {
            // a past period from Prometheus instead of a live window on this node
            return io.github.energy4j.agent.history.HistoryReportCommand.run(all, out, err);
        }
        List<String> carbonArgs = new ArrayList<>();
        List<String> argv = new ArrayList<>();
        splitCarbonArgs(all, carbonArgs, argv);
        GridIntensity grid = gridIntensity("report", carbonArgs);
        Set<String> valued = new HashSet<>(HostOptions.VALUED);
        valued.addAll(Set.of("duration", "interval", "format", "top"));
        Args a = Args.parse("report", argv, valued, Set.of("all-processes"), CARBON_FLAGS);
        Duration duration = a.duration("duration", Duration.ofSeconds(10));
        Duration interval = a.duration("interval", Duration.ofSeconds(1));
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("report: --duration must be > 0");
        }
        if (interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new UsageException("report: --interval must be at least 10ms");
        }
        String format = a.choice("format", "table", "table", "json", "markdown", "html");
        int top = a.integer("top", 20, 1, 1_000_000);
        EnergyMeter.Builder b = HostOptions.builder("report", a).interval(interval).gridIntensity(grid);
        EnergyMeter meter;
        try {
            meter = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: " + e.getMessage());
        }
        EnergySnapshot s;
        List<GreenSummary.PowerPoint> trace = new ArrayList<>();
        PodCpuRequests.Split idleSplit = null;
        try (meter) {
            if (meter.zones().isEmpty()) {
                throw new UsageException("report: no power source is available; run 'energy4j doctor' for reasons and remedies");
            }
            // the pod list (with CPU requests) is fetched while the window runs
            try (PodCpuRequests requests = "json".equals(format)
                    ? PodCpuRequests.start("report", HostOptions.context(a)) : null) {
                s = meterWindow(meter, duration, "html".equals(format) ? trace : null);
                if (requests != null) {
                    idleSplit = requests.split(s.idleJoules(), 1000L * cpus(Path.of(a.get("procfs", "/proc"))));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("report: interrupted while waiting for the pod list", e);
            }
        }
        List<ProcessEnergy> procs = new ArrayList<>();
        for (ProcessEnergy p : s.processes()) {
            if (a.has("all-processes") || p.cpuSeconds() > 0 || p.joules() > 0) {
                procs.add(p);
            }
        }
        procs.sort(Comparator.comparingDouble(ProcessEnergy::joules).reversed());
        List<WorkloadEnergy> wls = new ArrayList<>(s.workloads());
        wls.sort(Comparator.comparingDouble(WorkloadEnergy::joules).reversed());
        if ("markdown".equals(format) || "html".equals(format)) {
            GreenSummary g = GreenSummary.of(s, cpus(Path.of(a.get("procfs", "/proc"))), grid instanceof LiveIntensity,
                    trace);
            out.print("html".equals(format) ? GreenReport.html(g, s.carbonProvenance())
                    : GreenReport.markdown(g, s.carbonProvenance()));
        } else if ("json".equals(format)) {
            json(s, procs, wls, idleSplit, new VmProcesses(Path.of(a.get("procfs", "/proc"))), out);
        } else {
            table(s, procs, wls, top, new VmProcesses(Path.of(a.get("procfs", "/proc"))), out);
        }
        return 0;
    }

    /** The grid intensity for the carbon flags, or null when none was given. */
    static GridIntensity gridIntensity(String command, List<String> carbonArgs) {
        if (carbonArgs.isEmpty()) {
            return null;
        }
        try {
            return CarbonOptions.parse(carbonArgs).gridIntensity(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    static void splitCarbonArgs(List<String> all, List<String> carbon, List<String> rest) {
        for (int i = 0; i < all.size(); i++) {
            String a = all.get(i);
            String name = a.startsWith("--") ? a.substring(2) : "";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                name = name.substring(0, eq);
            }
            if (!CARBON_FLAGS.contains(name)) {
                rest.add(a);
                continue;
            }
            carbon.add(a);
            if (eq < 0 && i + 1 < all.size()) {
                carbon.add(all.get(++i));
            }
        }
    }

    /** Takes a baseline sample, samples every interval on this thread for the duration, returns the window. */
    static EnergySnapshot meterWindow(EnergyMeter meter, Duration duration) {
        return meterWindow(meter, duration, null);
    }

    /** The same, adding the node's power over each interval to {@code trace} when it is not null. */
    static EnergySnapshot meterWindow(EnergyMeter meter, Duration duration, List<GreenSummary.PowerPoint> trace) {
        meter.sampleNow();
        EnergySnapshot first = trace == null ? null : meter.snapshot();
        EnergySnapshot last = first;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long step = meter.interval().toNanos();
        long next = start + step;
        while (true) {
            long now = System.nanoTime();
            long target = Math.min(next, end);
            if (now < target) {
                LockSupport.parkNanos(target - now);
                continue;
            }
            meter.sampleNow();
            if (trace != null) {
                EnergySnapshot snap = meter.snapshot();
                double dt = (snap.elapsed().toNanos() - last.elapsed().toNanos()) * 1e-9;
                if (dt > 0) {
                    trace.add(new GreenSummary.PowerPoint((snap.elapsed().toNanos() - first.elapsed().toNanos()) * 1e-9,
                            (snap.nodeJoules() - last.nodeJoules()) / dt));
                }
                last = snap;
            }
            if (target >= end) {
                break;
            }
            next += step;
        }
        return meter.snapshot();
    }

    /**
     * The JSON report. With a pod source ({@code idleSplit} not null) each {@code pods[]} entry has
     * {@code idleJoules}, its share of the node's idle energy by CPU request (null when the pod list could not
     * be had), pods that request CPU but used none in the window are listed with {@code joules} 0, and
     * {@code idleByCpuRequests} says against what capacity and what no pod requests:
     * {@code Σ pods[].idleJoules + idleByCpuRequests.unallocatedJoules = idleJoules}.
     */
    private static void json(EnergySnapshot s, List<ProcessEnergy> procs, List<WorkloadEnergy> wls,
                             PodCpuRequests.Split idleSplit, VmProcesses vms, PrintStream out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeNumberField("durationSeconds", s.elapsed().toNanos() * 1e-9);
            g.writeNumberField("intervals", s.intervals());
            g.writeStringField("provenance", s.provenance().toString());
            g.writeNumberField("nodeJoules", s.nodeJoules());
            g.writeNumberField("idleJoules", s.idleJoules());
            g.writeNumberField("unattributedJoules", s.unattributedJoules());
            Json.number(g, "carbonGrams", s.carbonProvenance().isEmpty() ? Double.NaN : primaryCarbon(s));
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
                VirtualMachine vm = p.workload().isHost() ? vms.of(p.pid(), p.startTime()) : VirtualMachine.NONE;
                if (vm.isVm()) {
                    g.writeObjectFieldStart("vm");
                    g.writeStringField("id", vm.id());
                    g.writeStringField("name", vm.name());
                    g.writeStringField("hypervisor", vm.hypervisor());
                    g.writeEndObject();
                }
                g.writeNumberField("joules", p.joules());
                g.writeNumberField("cpuSeconds", p.cpuSeconds());
                Json.number(g, "carbonGrams", p.carbonGrams());
                g.writeBooleanField("exited", p.exited());
                g.writeObjectFieldStart("zoneJoules");
                for (int z = 0; z < s.zones().size(); z++) {
                    g.writeNumberField(s.zones().get(z).name(), p.zoneJoules()[z]);
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
            for (PodEnergy p : pods(s)) {
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
                double other = otherJoules(s);
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

    /** Pods by energy, largest first. */
    static List<PodEnergy> pods(EnergySnapshot s) {
        List<PodEnergy> pods = new ArrayList<>(PodEnergy.rollUp(s.workloads()));
        pods.sort(Comparator.comparingDouble(PodEnergy::joules).reversed());
        return pods;
    }

    /** {@link GreenSummary#otherJoules(List)} of the snapshot's zones. */
    static double otherJoules(EnergySnapshot s) {
        return GreenSummary.otherJoules(s.zones());
    }

    /** Logical CPUs from the cpuN lines of {@code <procfs>/stat}; 0 when unreadable. */
    static int cpus(Path procfs) {
        try {
            int n = 0;
            String text = KernelFile.text(procfs.resolve("stat"), 4 << 20);
            if (text == null) {
                return 0;
            }
            for (String l : text.lines().toList()) {
                if (l.startsWith("cpu") && l.length() > 3 && Character.isDigit(l.charAt(3))) {
                    n++;
                }
            }
            return n;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static double primaryCarbon(EnergySnapshot s) {
        double g = 0;
        for (ZoneEnergy z : s.zones()) {
            if (z.primary()) {
                g += z.carbonGrams();
            }
        }
        return g;
    }

    private static void table(EnergySnapshot s, List<ProcessEnergy> procs, List<WorkloadEnergy> wls, int top,
                              VmProcesses vms, PrintStream out) {
        double secs = Math.max(1e-9, s.elapsed().toNanos() * 1e-9);
        out.printf(Locale.ROOT, "energy4j report: %.1f s, %d intervals, %s%n", secs, s.intervals(), s.provenance());
        out.printf(Locale.ROOT, "node: %.3f J (%.2f W avg), idle %.3f J, unattributed %.3f J%n", s.nodeJoules(),
                s.nodeJoules() / secs, s.idleJoules(), s.unattributedJoules());
        if (!s.carbonProvenance().isEmpty()) {
            out.printf(Locale.ROOT, "carbon: %.4f g CO2e (%s)%n", primaryCarbon(s), s.carbonProvenance());
        }
        out.println();
        out.printf("%-14s %-9s %-8s %-10s %12s %12s %12s %9s%n", "ZONE", "DOMAIN", "SOURCE", "PROVENANCE", "JOULES",
                "ACTIVE J", "IDLE J", "AVG W");
        for (ZoneEnergy z : s.zones()) {
            out.printf(Locale.ROOT, "%-14s %-9s %-8s %-10s %12.3f %12.3f %12.3f %9.2f%s%s%n", z.name(), z.domain().tag(),
                    z.source(), z.estimated() ? "estimated" : "measured", z.joules(), z.activeJoules(), z.idleJoules(),
                    z.joules() / secs, z.primary() ? "" : "  (overlaps; not summed)",
                    z.status().isEmpty() ? "" : "  " + z.status());
        }
        out.println();
        out.printf("%-8s %-24s %-14s %12s %10s%n", "PID", "COMM", "CONTAINER", "JOULES", "CPU s");
        int n = 0;
        for (ProcessEnergy p : procs) {
            if (n++ >= top) {
                out.printf("... %d more (--top N)%n", procs.size() - top);
                break;
            }
            // a VM's emulator is a host process: its column names the VM instead
            VirtualMachine vm = p.workload().isHost() ? vms.of(p.pid(), p.startTime()) : VirtualMachine.NONE;
            String c = vm.isVm() ? "vm:" + vm.name() : p.workload().id();
            out.printf(Locale.ROOT, "%-8d %-24s %-14s %12.3f %10.2f%s%n", p.pid(), printable(p.comm(), 24),
                    c.length() > 12 ? c.substring(0, 12) : c, p.joules(), p.cpuSeconds(), p.exited() ? "  (exited)" : "");
        }
        double other = otherJoules(s);
        String platformProblem = GreenSummary.platformProblem(s.zones());
        if (!platformProblem.isEmpty()) {
            out.printf(Locale.ROOT, "%nother (platform minus CPU/GPU zones): unknown, %s%n", platformProblem);
        } else if (!Double.isNaN(other)) {
            out.printf(Locale.ROOT, "%nother (platform minus CPU/GPU zones): %.3f J%n", other);
        }
        if (!wls.isEmpty()) {
            out.println();
            out.printf("%-14s %-10s %-38s %12s%n", "WORKLOAD", "RUNTIME", "POD UID", "JOULES");
            for (WorkloadEnergy w : wls) {
                String id = w.workload().id();
                out.printf(Locale.ROOT, "%-14s %-10s %-38s %12.3f%n", id.length() > 12 ? id.substring(0, 12) : id,
                        w.workload().runtime(), w.workload().podUid(), w.joules());
            }
            out.println();
            out.printf("%-20s %-36s %-38s %12s%n", "NAMESPACE", "POD", "POD UID", "JOULES");
            for (PodEnergy p : pods(s)) {
                out.printf(Locale.ROOT, "%-20s %-36s %-38s %12.3f%n", printable(p.namespace(), 20),
                        printable(p.pod(), 36), p.podUid(), p.joules());
            }
        }
    }

    /** Replaces control characters (a comm may hold newlines) and truncates. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
