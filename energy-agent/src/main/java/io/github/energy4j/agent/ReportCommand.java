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
import io.github.energy4j.agent.carbon.CarbonOptions;
import io.github.energy4j.agent.history.HistoryReport;
import io.github.energy4j.carbon.providers.internal.LiveIntensity;
import io.github.energy4j.spi.GridIntensity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code energy4j report --duration 10s}: meters the node for a window and prints node, zone, process and workload
 * energy; with {@code --prometheus URL} ({@code --range}, {@code --end}, {@code --compare}), the green-ops report of a
 * past period instead ({@link HistoryReport}).
 */
@Command(name = "report", description = {"Node, zone, process and workload energy for a window, with CO2e when a grid "
        + "is given (--region, --country or --intensity).",
        "--format markdown|html: green-ops summary with recommendations (html adds a power chart).",
        "--prometheus URL [--range 30d] [--end T] [--compare previous]: green-ops report of a past period from the "
        + "series the agents wrote to Prometheus (--format markdown|html|json)."})
final class ReportCommand extends CliCommand {

    @Mixin
    HostOptions host;

    @Mixin
    CarbonOptions carbon;

    @Mixin
    HistoryReport history;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", description = "the window (default 10s)")
    Duration duration;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", description = "time between samples, at "
            + "least 10ms (default 1s)")
    Duration interval;

    @Option(names = "--format", paramLabel = "F", description = "table|json|markdown|html (default table; with "
            + "--prometheus: markdown|html|json, default markdown)")
    String format;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "processes and workloads the table "
            + "shows (default 20)")
    int top;

    @Option(names = "--all-processes", description = "list the processes that used no CPU too")
    boolean allProcesses;

    /** The options of a live report, which a report of a past period does not take. */
    private static final List<String> LIVE = List.of("--duration", "--interval", "--top", "--all-processes",
            "--procfs", "--sysfs", "--devfs", "--source", "--config", "--idle-policy", "--region", "--country",
            "--intensity", "--provider", "--zone", "--pue");

    @Override
    public Integer call() throws IOException {
        if (history.wanted()) {
            for (String option : LIVE) {
                if (given(option)) {
                    throw new UsageException(option + " is for a live report; --prometheus, --range, --end and "
                            + "--compare report a past period");
                }
            }
            // a past period from Prometheus instead of a live window on this node
            return history.run(format, out);
        }
        if (given("--timeout")) {
            throw new UsageException("--timeout goes with --prometheus URL");
        }
        EnergyMeter.Builder b = builder();
        String format = this.format == null ? "table" : this.format.strip().toLowerCase(Locale.ROOT);
        GridIntensity grid = gridIntensity(carbon, env);
        b.gridIntensity(grid);
        EnergyMeter meter;
        try {
            meter = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        EnergySnapshot s;
        List<GreenSummary.PowerPoint> trace = new ArrayList<>();
        PodCpuRequests.Split idleSplit = null;
        try (meter) {
            if (meter.zones().isEmpty()) {
                throw new UsageException("no power source is available; run 'energy4j doctor' for reasons and "
                        + "remedies");
            }
            // the pod list (with CPU requests) is fetched while the window runs
            try (PodCpuRequests requests = "json".equals(format) ? PodCpuRequests.start(host.context()) : null) {
                s = meterWindow(meter, duration, "html".equals(format) ? trace : null);
                if (requests != null) {
                    idleSplit = requests.split(s.idleJoules(), 1000L * cpus(host.procfs()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the pod list", e);
            }
        }
        List<ProcessEnergy> procs = new ArrayList<>();
        for (ProcessEnergy p : s.processes()) {
            if (allProcesses || !p.cpuTime().isZero() || p.joules() > 0) {
                procs.add(p);
            }
        }
        procs.sort(Comparator.comparingDouble(ProcessEnergy::joules).reversed());
        List<WorkloadEnergy> wls = new ArrayList<>(s.workloads());
        wls.sort(Comparator.comparingDouble(WorkloadEnergy::joules).reversed());
        if ("markdown".equals(format) || "html".equals(format)) {
            GreenSummary g = GreenSummary.of(s, cpus(host.procfs()), grid instanceof LiveIntensity, trace);
            out.print("html".equals(format) ? GreenReport.html(g, s.carbonProvenance())
                    : GreenReport.markdown(g, s.carbonProvenance()));
        } else if ("json".equals(format)) {
            ReportJson.write(s, procs, wls, idleSplit, new VmProcesses(host.procfs()), out);
        } else {
            ReportTable.write(s, procs, wls, this.top, new VmProcesses(host.procfs()), out);
        }
        return 0;
    }

    /**
     * The meter's builder for a live report, once every option's value has been checked (the grid intensity, which
     * may ask a live provider, is left to the caller).
     *
     * @throws UsageException for a bad value
     */
    EnergyMeter.Builder builder() {
        if (duration.isZero()) {
            throw new UsageException("--duration must be > 0");
        }
        if (interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new UsageException("--interval must be at least 10ms");
        }
        Cli.choice("--format", format == null ? "table" : format, "table", "json", "markdown", "html");
        Cli.range("--top", top, 1, 1_000_000);
        try {
            carbon.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return host.builder().interval(interval);
    }

    /** The grid intensity for the carbon options, or null when none was given. */
    static GridIntensity gridIntensity(CarbonOptions carbon, Map<String, String> env) {
        if (!carbon.given()) {
            return null;
        }
        try {
            return carbon.gridIntensity(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
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
