package io.github.energy4j.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code energy4j} command line. Usage errors and unusable inputs print one line on stderr and exit
 * with code 2; nothing prints a stack trace unless {@code ENERGY4J_DEBUG} is set.
 */
public final class Main {

    /** The options every metering command takes; ps, carbon and gpus read no power sources and take none of them. */
    static final String COMMON = "common options of doctor, report, serve, top, run: --procfs D --sysfs D --devfs D "
            + "--source ID[,ID] --config key=value (provider settings) "
            + "--idle-policy auto|none|min-observed|usage-ratio|WATTS (serve with Kepler names: usage-ratio)";

    /** The commands that open a meter and so take the {@link #COMMON} options. */
    static final List<String> METERING = List.of("doctor", "report", "serve", "top", "run");

    static final String USAGE = String.join("\n",
            "usage: energy4j <command> [options]",
            "  doctor  [--procfs D] [--sysfs D] [--format table|json]   what can be measured here, and how to fix what cannot",
            "  report  --duration 10s [--interval 1s] [--procfs D] [--sysfs D] [--source ID] [--format table|json]",
            "          [--region aws:eu-west-1 | --country FR | --intensity 250 [--provider ID]] adds CO2e",
            "          --format markdown|html: green-ops summary with recommendations (html adds a power chart)",
            "          --prometheus URL [--range 30d] [--end T] [--compare previous] [--format markdown|html|json]: green-ops report of a past period",
            "  serve   [--listen 127.0.0.1:28282] [--naming kepler|micrometer] [--metrics-level node,container,pod,process,vm]",
            "          [--interval 1s] [--tls-cert PEM --tls-key PEM] [--basic-auth-file F] [--node-name N]   /metrics, /healthz",
            "          Kepler's flags and --config.file YAML are accepted too (README: Switching from Kepler)",
            "          [--region aws:eu-west-1 | --country FR | --intensity 250 [--provider ID]] adds CO2e series",
            "          [--gpu-analysis auto|on|off] [--gpu-analysis-interval 300s] [--gpu-window 10m] [--gpu-low-threshold 20]",
            "          [--gpu-workers 8] [--ai-url URL] [--ai-model M] [--ai-timeout 20s] [--gpu-config-update]   GPU monitor",
            "  top     [--interval 1s] [--count N] [--sort watts|joules] [--rows 10]   live power per zone, process, container, pod",
            "  run     [--json] [--interval 200ms] [--output F] -- CMD ARGS...   energy of a command and its children",
            "          [--region aws:eu-west-1 | --country FR | --intensity 250 [--provider ID]] adds CO2e",
            "  ps      [--procfs D] [--format table|json]   every process with its container, runtime, pod UID and QoS class",
            "  carbon  [--region R | --country CC | --intensity G] [--provider ID] [--format table|json]   grid intensity and its provenance",
            "          --best-window --duration 2h --within 24h (forecast providers) | --rank R1,R2,... (intensity x PUE)",
            "  gpus    [--window 5s] [--samples N] [--interval 1s] [--format table|json]   GPU usage analysis: active, idle, zombie",
            "          [--low-threshold 20] [--library F] [--ai] [--ai-url URL] [--ai-model M] [--ai-timeout 20s]",
            "          [--prometheus URL]   every GPU of a cluster from dcgm-exporter history (window default 10m)",
            "  scheduler-extender --listen HOST:PORT [--max-intensity G] [--prometheus URL] [--carbon-weight 0.7]",
            "          [--node-zones F] [--node-zone NODE=ZONE] [--default-zone Z] [--provider ID] [--tls-cert PEM --tls-key PEM]",
            "          kube-scheduler extender: filter and prioritize nodes by grid carbon intensity",
            "  profile --pid N [--duration 30s] [--output energy.html] [--interval 20ms] [--top 100]   energy per method of a",
            "          running JVM: flame graph, collapsed stacks, JSON and CSV tables [--collapsed F] [--json F] [--csv F]",
            "          [--window 1s] [--source ID] [--no-native] [--agent-jar F]",
            COMMON);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** {@code --help} or {@code -h} among a command's own options (not in the command that {@code run} starts). */
    static boolean asksForHelp(List<String> rest) {
        for (String a : rest) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** The usage lines of one command (its line and the indented lines after it), or empty when unknown. */
    static String usageOf(String cmd) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : USAGE.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                in = line.startsWith("  " + cmd + " ");
            } else if (!line.startsWith("   ")) {
                in = false;
            }
            if (in) {
                if (b.length() == 0) {
                    b.append("usage: energy4j ").append(line.strip());
                } else {
                    b.append('\n').append(line);
                }
            }
        }
        if (b.length() == 0) {
            return "";
        }
        return METERING.contains(cmd) ? b.append("\n").append(COMMON).toString() : b.toString();
    }

    /** Runs a command; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String cmd = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (asksForHelp(rest)) {
            String usage = usageOf(cmd);
            if (usage.isEmpty()) {
                err.println("energy4j: unknown command '" + cmd + "' (see energy4j --help)");
                return 2;
            }
            out.println(usage);
            return 0;
        }
        try {
            switch (cmd) {
                case "doctor":
                    return DoctorCommand.run(rest, out, err);
                case "report":
                    return ReportCommand.run(rest, out, err);
                case "ps":
                    return io.github.energy4j.k8s.cli.PsCommand.run(rest, out, err);
                case "carbon":
                    return io.github.energy4j.carbon.cli.CarbonCommand.run(rest, out, err);
                case "serve":
                    return ServeCommand.run(rest, out, err);
                case "top":
                    return TopCommand.run(rest, out, err);
                case "run":
                    return RunCommand.run(rest, out, err);
                case "gpus":
                    return io.github.energy4j.nvml.cli.GpusCommand.run(rest, out, err);
                case "profile":
                    return ProfileCommand.run(rest, out, err);
                case "scheduler-extender":
                    return io.github.energy4j.agent.extender.SchedulerExtenderCommand.run(rest, out, err);
                default:
                    err.println("energy4j: unknown command '" + cmd + "'; commands: doctor, report, serve, top, run, ps, carbon, gpus, profile, scheduler-extender (see energy4j --help)");
                    return 2;
            }
        } catch (UsageException e) {
            err.println("energy4j " + e.getMessage());
            return 2;
        } catch (Exception | LinkageError e) {
            err.println("energy4j " + cmd + ": " + e);
            if (System.getenv("ENERGY4J_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
}
