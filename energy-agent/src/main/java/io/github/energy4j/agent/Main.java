package io.github.energy4j.agent;

import io.github.energy4j.agent.carbon.CarbonCommand;
import io.github.energy4j.agent.extender.SchedulerExtenderCommand;
import io.github.energy4j.agent.gpus.GpusCommand;
import io.github.energy4j.agent.ps.PsCommand;
import io.github.energy4j.agent.serve.BuildInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code energy4j} command line: this top-level command and its subcommands, parsed by picocli. Usage errors and
 * unusable inputs print one line on stderr and exit with code 2 (see {@link Cli}); nothing prints a stack trace
 * unless {@code ENERGY4J_DEBUG} is set. {@code energy4j} alone prints the usage on stderr and exits with code 2.
 */
// scope INHERIT: every subcommand takes --help/-h and --version/-V too
@Command(name = "energy4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = {"Energy and carbon of this node, its processes, containers, pods and GPUs.",
            "doctor, report, serve, top and run also take the host options --procfs D, --sysfs D, --devfs D, "
                + "--source ID[,ID], --config key=value and --idle-policy P; energy4j COMMAND --help lists a "
                + "command's options."},
        subcommands = {DoctorCommand.class, ReportCommand.class, ServeCommand.class, TopCommand.class,
            RunCommand.class, PsCommand.class, CarbonCommand.class, GpusCommand.class, ProfileCommand.class,
            SchedulerExtenderCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done; 2 a usage error or an unusable input (one line on stderr); 1 any other "
                + "failure; run exits with its command's."})
public final class Main extends CliCommand {

    Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command with the process environment; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs a command with the given environment (provider tokens, {@code AI_URL}); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        List<String> argv = args;
        if (!args.isEmpty() && args.get(0).equals("serve")) {
            // Kepler's flags and configuration file become serve's own options before picocli reads them
            try {
                argv = new ArrayList<>(List.of("serve"));
                argv.addAll(ServeCommand.keplerOptions(args.subList(1, args.size()), err));
            } catch (UsageException e) {
                return Cli.usageError("energy4j serve", e.getMessage(), err);
            }
        }
        CommandLine cl = Cli.commandLine(new Main(), out, err, env);
        try {
            return cl.execute(argv.toArray(String[]::new));
        } catch (LinkageError e) {
            // not an Exception, so picocli lets it through: a missing class or native library
            CommandLine.ParseResult parsed = cl.getParseResult();
            while (parsed != null && parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            return Cli.failure(parsed == null ? "energy4j" : parsed.commandSpec().qualifiedName(), e, err, env);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    /** {@code energy4j} without a command: the usage, on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Cli.USAGE;
    }

    /** {@code energy4j --version}: the build's version from the jar manifest, and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.current();
            return new String[] {"energy4j " + b.version() + " (Java " + b.javaVersion() + ", " + b.arch() + ")"};
        }
    }
}
