package io.github.energy4j.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.agent.carbon.CarbonOptions;
import io.github.energy4j.agent.run.CommandEnergy;
import io.github.energy4j.agent.run.NodeBusy;
import io.github.energy4j.agent.run.ProcessTree;
import io.github.energy4j.agent.run.ReapedCpu;
import io.github.energy4j.procfs.ClockTicks;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code energy4j run -- CMD ARGS...}: runs a command with inherited stdio, meters it and its descendants,
 * and prints their energy on stderr when it exits (like {@code perf stat}). Returns the command's exit
 * code; 127 when it cannot be started, as a shell does.
 *
 * <p>The interval bounds the resolution, not what is counted: the meter samples at the start, every interval and
 * once more at the exit, and the CPU time of the command and its reaped descendants is read from this JVM's
 * reaped-children counters once the command has been waited for, so a command that exits before the first
 * interval still gets its CPU time and its energy (see {@link CommandEnergy}).
 */
@Command(name = "run", description = "Energy of a command and its children (CPU, GPU, CO2e when a grid is given), "
        + "like perf stat; exits with the command's code.",
        customSynopsis = "energy4j run [OPTIONS] -- CMD [ARGS...]")
final class RunCommand extends CliCommand {

    /** A shell's code for "command not found / cannot execute". */
    static final int CANNOT_START = 127;

    @Mixin
    HostOptions host;

    @Mixin
    CarbonOptions carbon;

    @Option(names = "--json", description = "print JSON instead of the table")
    boolean json;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "200ms", description = "time between samples, at "
            + "least 20ms (default 200ms)")
    Duration interval;

    @Option(names = "--output", paramLabel = "F", description = "write the figures to F instead of stderr")
    String output;

    @Parameters(paramLabel = "CMD", description = "the command and its arguments, after --")
    List<String> command = new ArrayList<>();

    @Override
    protected void configure(CommandLine commandLine) {
        // the first word of the command ends the options: the command's own options are its own
        commandLine.setStopAtPositional(true);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int dash = all.indexOf("--");
        if (dash < 0 || command.isEmpty()) {
            throw new UsageException("put the command after --, e.g. energy4j run -- make -j8");
        }
        List<String> command = List.copyOf(this.command);
        if (interval.compareTo(Duration.ofMillis(20)) < 0) {
            throw new UsageException("--interval must be at least 20ms");
        }
        EnergyMeter meter;
        try {
            meter = host.builder().interval(interval).processRetention(Duration.ofDays(7))
                    .gridIntensity(ReportCommand.gridIntensity(carbon, env)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path procfs = host.procfs();
        // the command is a child of this JVM whatever tree --procfs shows, so its CPU time is in our own stat
        ReapedCpu reaped = new ReapedCpu(Path.of("/proc/self/stat"));
        NodeBusy nodeBusy = new NodeBusy(procfs);
        double ticksPerSecond = ClockTicks.perSecond(); // read once from /proc/self/auxv, before the window
        try (meter) {
            if (meter.zones().isEmpty()) {
                throw new UsageException("no power source is available; run 'energy4j doctor' for reasons and "
                        + "remedies");
            }
            meter.sampleNow();
            long busy0 = nodeBusy.ticks();
            EnergySnapshot start = meter.snapshot();
            long reaped0 = reaped.ticks();
            Process child;
            try {
                child = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                err.println("energy4j run: cannot start '" + command.get(0) + "': " + reason(e));
                return CANNOT_START;
            }
            ProcessTree tree = new ProcessTree(procfs, (int) child.pid());
            AtomicBoolean printed = new AtomicBoolean();
            Runnable finish = () -> {
                if (printed.compareAndSet(false, true)) {
                    // a full interval may not have passed: this sample closes the window and prices it
                    meter.sampleNow();
                    long busy1 = nodeBusy.ticks();
                    EnergySnapshot end = meter.snapshot();
                    long reaped1 = reaped.ticks(); // the command is reaped by now unless it is still running
                    tree.update(end.processes());
                    CommandEnergy e = CommandEnergy.of(start, end, tree, seconds(reaped0, reaped1, ticksPerSecond),
                            seconds(busy0, busy1, ticksPerSecond));
                    print(command, child.isAlive() ? -1 : child.exitValue(), e, end.carbonProvenance());
                }
            };
            // Ctrl-C reaches the command and this JVM alike: still report what was measured.
            Thread hook = new Thread(() -> {
                try {
                    child.waitFor(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finish.run();
            }, "energy4j-run-exit");
            Runtime.getRuntime().addShutdownHook(hook);
            tree.update(meter.snapshot().processes());
            while (!child.waitFor(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                meter.sampleNow();
                tree.update(meter.snapshot().processes());
            }
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook has nothing left to do
            }
            return child.exitValue();
        }
    }

    /** The ticks between two readings in seconds; NaN when either failed or they went backwards. */
    private static double seconds(long from, long to, double ticksPerSecond) {
        return from < 0 || to < from ? Double.NaN : (to - from) / ticksPerSecond;
    }

    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("error=");
        return i >= 0 ? m.substring(i) : m;
    }

    private void print(List<String> command, int exit, CommandEnergy e, String carbonProvenance) {
        try (PrintStream o = output != null
                ? new PrintStream(new FileOutputStream(output), true, StandardCharsets.UTF_8) : null) {
            PrintStream target = o != null ? o : err;
            if (json) {
                json(command, exit, e, carbonProvenance, target);
            } else {
                table(command, exit, e, carbonProvenance, target);
            }
        } catch (IOException ex) {
            err.println("energy4j run: cannot write --output " + output + ": " + ex.getMessage());
        }
    }

    static void table(List<String> command, int exit, CommandEnergy e, String carbonProvenance, PrintStream o) {
        String kind = e.estimated() ? "estimated" : "measured";
        o.println();
        o.printf(Locale.ROOT, " Energy stats for '%s' (%d processes, exit %s):%n%n", String.join(" ", command),
                e.processes(), exit < 0 ? "unknown" : Integer.toString(exit));
        o.printf(Locale.ROOT, "%16.3f J   cpu     %s%s%n", e.cpuJoules(), kind, zones(e.zoneJoules()));
        o.printf(Locale.ROOT, "%16.3f J   gpu%n", e.gpuJoules());
        o.printf(Locale.ROOT, "%16.3f J   total   %.2f W average%n", e.joules(), e.joules() / Math.max(1e-9, e.seconds()));
        o.printf(Locale.ROOT, "%16.3f s   cpu time%n", e.cpuSeconds());
        if (!Double.isNaN(e.carbonGrams())) {
            // the provenance says whether the grid intensity is measured; the energy it multiplies may not be
            o.printf(Locale.ROOT, "%16.6f g   CO2e    grid intensity: %s; energy %s%n", e.carbonGrams(), carbonProvenance,
                    kind);
        }
        o.printf(Locale.ROOT, "%n%16.3f s   elapsed; the node used %.3f J meanwhile (%.0f %% by this command)%n%n",
                e.seconds(), e.nodeJoules(), e.nodeJoules() > 0 ? 100 * e.joules() / e.nodeJoules() : 0.0);
    }

    private static String zones(Map<String, Double> z) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> en : z.entrySet()) {
            b.append(b.length() == 0 ? "  (" : ", ").append(en.getKey())
                    .append(String.format(Locale.ROOT, " %.3f J", en.getValue()));
        }
        return b.length() == 0 ? "" : b.append(')').toString();
    }

    private static void json(List<String> command, int exit, CommandEnergy e, String carbonProvenance, PrintStream o)
            throws IOException {
        try (JsonGenerator g = Json.generator(o)) {
            g.writeStartObject();
            g.writeArrayFieldStart("command");
            for (String c : command) {
                g.writeString(c);
            }
            g.writeEndArray();
            if (exit >= 0) {
                g.writeNumberField("exitCode", exit);
            } else {
                g.writeNullField("exitCode");
            }
            g.writeNumberField("durationSeconds", e.seconds());
            g.writeNumberField("processes", e.processes());
            g.writeNumberField("joules", e.joules());
            g.writeNumberField("cpuJoules", e.cpuJoules());
            g.writeNumberField("gpuJoules", e.gpuJoules());
            g.writeNumberField("cpuSeconds", e.cpuSeconds());
            Json.number(g, "carbonGrams", e.carbonGrams());
            g.writeStringField("carbonProvenance", carbonProvenance);
            g.writeStringField("provenance", e.estimated() ? "ESTIMATED" : "MEASURED");
            g.writeNumberField("nodeJoules", e.nodeJoules());
            g.writeObjectFieldStart("zoneJoules");
            for (Map.Entry<String, Double> en : e.zoneJoules().entrySet()) {
                g.writeNumberField(en.getKey(), en.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        o.println();
    }
}
