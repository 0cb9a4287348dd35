package io.github.energy4j.agent;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.GreenSummary;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.agent.vm.VirtualMachine;
import io.github.energy4j.agent.vm.VmProcesses;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code energy4j report} in plain text: zones, the top processes, containers and pods of one window. */
final class ReportTable {

    private ReportTable() {
    }

    static void write(EnergySnapshot s, List<ProcessEnergy> procs, List<WorkloadEnergy> wls, int top,
                      VmProcesses vms, PrintStream out) {
        double secs = Math.max(1e-9, s.elapsed().toNanos() * 1e-9);
        out.printf(Locale.ROOT, "energy4j report: %.1f s, %d intervals, %s%n", secs, s.intervals(), s.provenance());
        out.printf(Locale.ROOT, "node: %.3f J (%.2f W avg), idle %.3f J, unattributed %.3f J%n", s.nodeJoules(),
                s.nodeJoules() / secs, s.idleJoules(), s.unattributedJoules());
        if (!s.carbonProvenance().isEmpty()) {
            out.printf(Locale.ROOT, "carbon: %.4f g CO2e (%s)%n", ReportCommand.primaryCarbon(s), s.carbonProvenance());
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
            VirtualMachine vm = p.workload().isHost() ? vms.of(p.pid(), p.startTimeTicks()) : VirtualMachine.NONE;
            String c = vm.isVm() ? "vm:" + vm.name() : p.workload().id();
            out.printf(Locale.ROOT, "%-8d %-24s %-14s %12.3f %10.2f%s%n", p.pid(), ReportCommand.printable(p.comm(), 24),
                    c.length() > 12 ? c.substring(0, 12) : c, p.joules(), p.cpuTime().toNanos() * 1e-9, p.exited() ? "  (exited)" : "");
        }
        double other = ReportCommand.otherJoules(s);
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
            for (PodEnergy p : ReportCommand.pods(s)) {
                out.printf(Locale.ROOT, "%-20s %-36s %-38s %12.3f%n", ReportCommand.printable(p.namespace(), 20),
                        ReportCommand.printable(p.pod(), 36), p.podUid(), p.joules());
            }
        }
    }
}
