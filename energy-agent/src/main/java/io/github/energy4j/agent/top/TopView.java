package io.github.energy4j.agent.top;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.PodEnergy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one {@code energy4j top} screen from two cumulative snapshots of the same meter: power over the
 * interval between them per zone, and the top processes, containers and pods. Pure: no terminal I/O.
 */
public final class TopView {

    /** What the rows are ordered by. */
    public enum Sort { WATTS, JOULES }

    private TopView() {
    }

    /**
     * @param before earlier snapshot
     * @param now    later snapshot
     * @param rows   rows per table
     */
    public static String render(EnergySnapshot before, EnergySnapshot now, Sort sort, int rows) {
        EnergySnapshot d = now.since(before);
        double secs = Math.max(1e-9, d.elapsed().toNanos() * 1e-9);
        StringBuilder b = new StringBuilder(2048);
        boolean estimated = now.provenance() == Provenance.ESTIMATED;
        b.append(String.format(Locale.ROOT, "energy4j top  node %.1f W over %.1f s  total %.1f J  %s%s%n",
                d.nodeJoules() / secs, secs, now.nodeJoules(), now.provenance().toString().toLowerCase(Locale.ROOT),
                estimated ? " (model estimate)" : ""));
        b.append(String.format("%n%-14s %-9s %-10s %10s %12s%n", "ZONE", "DOMAIN", "PROVENANCE", "WATTS", "JOULES"));
        for (int z = 0; z < now.zones().size(); z++) {
            ZoneEnergy cur = now.zones().get(z);
            ZoneEnergy dz = d.zones().get(z);
            b.append(String.format(Locale.ROOT, "%-14s %-9s %-10s %10.2f %12.1f%s%n", cur.name(), cur.domain().tag(),
                    cur.estimated() ? "estimated" : "measured", dz.joules() / secs, cur.joules(),
                    cur.primary() ? "" : "  (overlaps)"));
        }

        Map<Long, ProcessEnergy> dp = new HashMap<>();
        for (ProcessEnergy p : d.processes()) {
            dp.put(key(p), p);
        }
        List<ProcessEnergy> procs = new ArrayList<>();
        for (ProcessEnergy p : now.processes()) {
            if (!p.exited()) {
                procs.add(p);
            }
        }
        procs.sort(Comparator.comparingDouble((ProcessEnergy p) -> sort == Sort.WATTS
                ? joules(dp.get(key(p))) : p.joules()).reversed());
        b.append(String.format("%n%-8s %-20s %-14s %10s %12s%n", "PID", "COMM", "CONTAINER", "WATTS", "JOULES"));
        for (int i = 0; i < procs.size() && i < rows; i++) {
            ProcessEnergy p = procs.get(i);
            b.append(String.format(Locale.ROOT, "%-8d %-20s %-14s %10.2f %12.1f%n", p.pid(), printable(p.comm(), 20),
                    shortId(p.workload().id()), joules(dp.get(key(p))) / secs, p.joules()));
        }

        if (!now.workloads().isEmpty()) {
            Map<String, Double> dw = new HashMap<>();
            for (WorkloadEnergy w : d.workloads()) {
                dw.put(w.workload().id(), w.joules());
            }
            List<WorkloadEnergy> ws = new ArrayList<>();
            for (WorkloadEnergy w : now.workloads()) {
                if (w.workload().kind().equals("container")) {
                    ws.add(w);
                }
            }
            ws.sort(Comparator.comparingDouble((WorkloadEnergy w) -> sort == Sort.WATTS
                    ? dw.getOrDefault(w.workload().id(), 0.0) : w.joules()).reversed());
            b.append(String.format("%n%-14s %-20s %-24s %10s %12s%n", "CONTAINER", "NAME", "POD", "WATTS", "JOULES"));
            for (int i = 0; i < ws.size() && i < rows; i++) {
                WorkloadEnergy w = ws.get(i);
                b.append(String.format(Locale.ROOT, "%-14s %-20s %-24s %10.2f %12.1f%n", shortId(w.workload().id()),
                        printable(w.workload().labels().getOrDefault("container", ""), 20),
                        printable(w.workload().labels().getOrDefault("pod", w.workload().podUid()), 24),
                        dw.getOrDefault(w.workload().id(), 0.0) / secs, w.joules()));
            }
            List<PodEnergy> pods = PodEnergy.rollUp(now.workloads());
            Map<String, Double> dpod = new HashMap<>();
            for (PodEnergy p : PodEnergy.rollUp(d.workloads())) {
                dpod.put(p.podUid(), p.joules());
            }
            pods.sort(Comparator.comparingDouble((PodEnergy p) -> sort == Sort.WATTS
                    ? dpod.getOrDefault(p.podUid(), 0.0) : p.joules()).reversed());
            if (!pods.isEmpty()) {
                b.append(String.format("%n%-20s %-36s %10s %12s%n", "NAMESPACE", "POD", "WATTS", "JOULES"));
                for (int i = 0; i < pods.size() && i < rows; i++) {
                    PodEnergy p = pods.get(i);
                    b.append(String.format(Locale.ROOT, "%-20s %-36s %10.2f %12.1f%n", printable(p.namespace(), 20),
                            printable(p.pod().isEmpty() ? p.podUid() : p.pod(), 36),
                            dpod.getOrDefault(p.podUid(), 0.0) / secs, p.joules()));
                }
            }
        }
        return b.toString();
    }

    private static double joules(ProcessEnergy p) {
        return p == null ? 0 : p.joules();
    }

    private static long key(ProcessEnergy p) {
        return ((long) p.pid() << 40) ^ p.startTimeTicks();
    }

    private static String shortId(String id) {
        return id.isEmpty() ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Replaces control characters (a comm may hold escape sequences) and truncates. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
