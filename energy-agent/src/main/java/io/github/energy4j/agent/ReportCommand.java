package io.github.energy4j.agent;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.agent.vm.VmProcesses;
import io.github.energy4j.WorkloadEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.agent.report.GreenReport;
import io.github.energy4j.agent.report.GreenSummary;
import io.github.energy4j.agent.report.PodEnergy;
import io.github.energy4j.carbon.providers.internal.LiveIntensity;
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
            if (a.has("all-processes") || !p.cpuTime().isZero() || p.joules() > 0) {
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
            ReportJson.write(s, procs, wls, idleSplit, new VmProcesses(Path.of(a.get("procfs", "/proc"))), out);
        } else {
            ReportTable.write(s, procs, wls, top, new VmProcesses(Path.of(a.get("procfs", "/proc"))), out);
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
