package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class CliTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The commands of energy4j as picocli sees them. */
    static CommandLine model() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Cli.commandLine(new Main(), none, none, Map.of());
    }

    /** The commands that open a meter and so take the host options. */
    private static final List<String> METERING = List.of("doctor", "report", "serve", "top", "run");

    static final List<String> COMMANDS = List.of("doctor", "report", "serve", "top", "run", "ps", "carbon", "gpus",
            "profile", "scheduler-extender", "completion");

    @Test
    void shouldHaveOneCommandClassPerSubcommand() {
        List<String> names = new ArrayList<>(model().getSubcommands().keySet());
        assertEquals(COMMANDS, names.subList(0, names.size() - 1));
        assertEquals("help", names.get(names.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"doctor", "report", "serve", "top", "run", "ps", "carbon", "gpus", "profile",
        "scheduler-extender", "completion"})
    void shouldPrintTheCommandsHelpWithEveryOptionOnStdoutAndExitZero(String cmd) {
        Result r = run(cmd, "--help");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: energy4j " + cmd + " "), r.out());
        for (OptionSpec o : model().getSubcommands().get(cmd).getCommandSpec().options()) {
            assertTrue(r.out().contains(o.longestName()), cmd + " --help names " + o.longestName() + ":\n" + r.out());
        }
        // only the commands that open a meter take --config and the other host options
        assertEquals(METERING.contains(cmd), r.out().contains("--config=key=value"), r.out());
        assertEquals(r.out(), run("help", cmd).out(), "energy4j help COMMAND prints the same");
        assertEquals(r.out(), run(cmd, "-h").out());
    }

    @Test
    void shouldPrintTheUsageOnStdoutForHelpAndOnStderrWithExitTwoWithoutACommand() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertEquals("", help.err());
        assertTrue(help.out().startsWith("Usage: energy4j [-hV] [COMMAND]\n"), help.out());
        for (String cmd : COMMANDS) {
            assertTrue(Pattern.compile("(?m)^  " + cmd + " +\\S").matcher(help.out()).find(), cmd + ":\n"
                    + help.out());
        }
        Result none = run();
        assertEquals(2, none.code());
        assertEquals("", none.out());
        assertEquals(help.out(), none.err());
    }

    @Test
    void shouldPrintTheVersionOnEveryCommand() {
        Result r = run("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("energy4j \\S+ \\(Java \\S+, \\S+\\)\n"), r.out());
        assertEquals(r.out(), run("report", "--version").out());
    }

    @Test
    void shouldPrintABashCompletionScriptDefiningTheCompletionFunctionOfEnergy4j() throws Exception {
        Result r = run("completion");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash\n"), r.out());
        assertTrue(r.out().contains("\nfunction _complete_energy4j() {\n"), "the completion function");
        assertTrue(r.out().contains("complete -F _complete_energy4j -o default energy4j"), "registered for energy4j");
        for (String cmd : COMMANDS) {
            assertTrue(r.out().contains("function _picocli_energy4j_" + cmd.replace("-", "") + "() {"), cmd);
        }
    }

    @Test
    void shouldCompleteCommandsAndOptionsInBash() throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "bash is installed");
        Path script = tmp.resolve("energy4j-completion.bash");
        Files.writeString(script, run("completion").out());
        String complete = String.join("\n", "source '" + script + "' 2>/dev/null",
                "try() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};",
                "  _complete_energy4j energy4j \"${COMP_WORDS[COMP_CWORD]}\" 2>/dev/null; echo \"${COMPREPLY[*]}\"; }",
                "try energy4j rep", "try energy4j report --dur", "try energy4j scheduler-extender --max");
        Process p = new ProcessBuilder(bash.toString(), "-c", complete).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("report", "--duration", "--max-intensity"), out.lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"doctor", "report", "serve", "top", "run", "ps", "carbon", "gpus", "profile",
        "scheduler-extender", "completion"})
    void shouldAcceptEveryOptionItsHelpShows(String cmd) {
        CommandSpec spec = model().getSubcommands().get(cmd).getCommandSpec();
        List<String> checked = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            List<String> line = new ArrayList<>(List.of(cmd));
            // a missing required option is reported before an unknown one
            if (cmd.equals("profile") && !o.longestName().equals("--pid")) {
                line.addAll(List.of("--pid", "1"));
            } else if (cmd.equals("scheduler-extender") && !o.longestName().equals("--listen")) {
                line.addAll(List.of("--listen", "127.0.0.1:0"));
            }
            line.add(o.longestName());
            if (o.arity().max() > 0) {
                line.add(sample(o.type()));
            }
            line.add("--energy4j-no-such-option"); // so that nothing runs: the parser must get past the option to it
            if (cmd.equals("run")) {
                line.addAll(List.of("--", "true"));
            }
            Result r = run(line.toArray(String[]::new));
            assertEquals(2, r.code(), line + ": " + r.err());
            assertTrue(r.err().startsWith("energy4j " + cmd + ": unknown option '--energy4j-no-such-option'"),
                    line + ": " + r.err());
            assertTrue(r.err().endsWith(" (options: " + String.join(", ", Cli.optionNames(spec)) + ")\n"),
                    line + ": " + r.err());
            checked.add(o.longestName());
        }
        assertEquals(spec.options().size() - 2, checked.size());
    }

    /** A value each option type converts. */
    private static String sample(Class<?> type) {
        if (type == Duration.class) {
            return "1s";
        }
        return type == String.class || type == List.class ? "x" : "1";
    }

    /** A misspelt option of each command: one line on stderr naming the option meant, exit code 2. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "doctor --formt json | energy4j doctor: unknown option '--formt'; did you mean --format? (options: --config, "
            + "--devfs, --format, --help, --idle-policy, --procfs, --source, --sysfs, --version)",
        "report --durations 1s | energy4j report: unknown option '--durations'; did you mean --duration?",
        "serve --listn 0.0.0.0:1 | energy4j serve: unknown option '--listn'; did you mean --listen?",
        "top --row 5 | energy4j top: unknown option '--row'; did you mean --rows? (options: --config, --count, "
            + "--devfs, --help, --idle-policy, --interval, --procfs, --rows, --sort, --source, --sysfs, --version)",
        "run --jsn -- true | energy4j run: unknown option '--jsn'; did you mean --json?",
        "ps --procf /proc | energy4j ps: unknown option '--procf'; did you mean --procfs? (options: --format, --help, "
            + "--procfs, --version)",
        "carbon --regoin FR | energy4j carbon: unknown option '--regoin'; did you mean --region?",
        "gpus --sample 3 | energy4j gpus: unknown option '--sample'; did you mean --samples?",
        "profile --pid 1 --outptu f | energy4j profile: unknown option '--outptu'; did you mean --output?",
        "scheduler-extender --listen 127.0.0.1:0 --max-intensty 3 | energy4j scheduler-extender: unknown option "
            + "'--max-intensty'; did you mean --max-intensity?",
        "completion --bash | energy4j completion: unknown option '--bash' (options: --help, --version)"})
    void shouldNameTheOptionMeantInOneLineWhenAnOptionIsMisspelt(String line, String expected) {
        Result r = run(line.split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        if (expected.endsWith(")")) {
            assertEquals(expected + "\n", r.err());
        } else {
            assertTrue(r.err().startsWith(expected + " (options: "), r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "serve", "run"})
    void shouldNameTheCarbonOptionsAmongTheKnownOnesWhenAnOptionIsMisspelt(String cmd) {
        Result r = run(cmd, "--regoin", "aws:eu-west-1", "--", "true");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("energy4j " + cmd + ": unknown option '--regoin'; did you mean --region? "
                + "(options: "), r.err());
        for (String carbon : List.of("--country", "--intensity", "--provider", "--pue", "--region", "--zone")) {
            assertTrue(Pattern.compile(" " + carbon + "[,)]").matcher(r.err()).find(), carbon + " in " + r.err());
        }
    }

    /** Every usage error: one line on stderr, {@code energy4j COMMAND: ...}, exit code 2, nothing on stdout. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "report --duration | energy4j report: --duration needs a value",
        "report --duration banana | energy4j report: invalid value for option '--duration': 'banana' is not a "
            + "duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
        "report --format xml | energy4j report: --format must be one of table, json, markdown, html, was 'xml'",
        "report --procfs /nonexistent/proc | energy4j report: --procfs /nonexistent/proc is not a readable proc root "
            + "(no 'stat' file); pass the host's /proc, e.g. --procfs /host/proc in a container",
        "report --duration PT-0.003S | energy4j report: invalid value for option '--duration': 'PT-0.003S' is not a "
            + "duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
        "report --duration -5ms | energy4j report: invalid value for option '--duration': '-5ms' is not a duration "
            + "(e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
        "report --duration 0s | energy4j report: --duration must be > 0",
        "report --top 0 | energy4j report: --top must be an integer from 1 to 1000000, was '0'",
        "doctor --format=yaml | energy4j doctor: --format must be one of table, json, was 'yaml'",
        "frobnicate | energy4j: unknown command 'frobnicate'; commands: doctor, report, serve, top, run, ps, carbon, "
            + "gpus, profile, scheduler-extender, completion, help (see energy4j --help)",
        "--bogus | energy4j: unknown option '--bogus' (options: --help, --version)",
        "report --interval 1ms | energy4j report: --interval must be at least 10ms",
        "report --idle-policy sometimes | energy4j report: --idle-policy: idle policy 'sometimes' is not one of: none, "
            + "min-observed, auto, usage-ratio, or a number of watts",
        "report --config novalue | energy4j report: --config needs key=value, was 'novalue'",
        "report --country FR --intensity 100 | energy4j report: use only one of --region, --country, --intensity",
        "report --pue 0.5 | energy4j report: --pue must be a finite number >= 1.0, was 0.5",
        "report --prometheus http://127.0.0.1:9 --duration 10s | energy4j report: --duration is for a live report; "
            + "--prometheus, --range, --end and --compare report a past period",
        "report --timeout 5s | energy4j report: --timeout goes with --prometheus URL",
        "serve --listen :28282 | energy4j serve: --listen needs HOST:PORT with an explicit host, e.g. "
            + "127.0.0.1:28282 or 0.0.0.0:28282, was ':28282'",
        "serve --naming prometheus | energy4j serve: --naming must be one of kepler, micrometer, was 'prometheus'",
        "serve --metrics-level node,gpu | energy4j serve: unknown metrics level 'gpu' (allowed: node, container, pod, "
            + "process, vm)",
        "serve --config.file /nonexistent/kepler.yaml | energy4j serve: --config.file /nonexistent/kepler.yaml cannot "
            + "be read (/nonexistent/kepler.yaml)",
        "serve --log.level loud | energy4j serve: Kepler's log.level must be debug, info, warn or error, was 'loud'",
        "serve --exporter.prometheus.port 9 | energy4j serve: unknown option --exporter.prometheus.port: not one of "
            + "Kepler 0.11's flags, nor an energy4j option (README: Switching from Kepler)",
        "serve --tls-cert cert.pem | energy4j serve: --tls-cert and --tls-key go together (PEM certificate chain and "
            + "PKCS#8 key)",
        "serve --interval 10ms | energy4j serve: --interval must be at least 100ms",
        "serve --basic-auth-file /nonexistent/users --procfs /nonexistent/proc | energy4j serve: --basic-auth-file "
            + "/nonexistent/users cannot be read (no such file)",
        "top --sort cpu | energy4j top: --sort must be one of watts, joules, was 'cpu'",
        "top --count -1 | energy4j top: --count must be an integer from 0 to 2147483647, was '-1'",
        "top --count many | energy4j top: invalid value for option '--count': 'many' is not an int",
        "top --procfs /nonexistent/proc | energy4j top: --procfs /nonexistent/proc is not a readable proc root (no "
            + "'stat' file); pass the host's /proc, e.g. --procfs /host/proc in a container",
        "top extra | energy4j top: unexpected argument 'extra'",
        "run | energy4j run: put the command after --, e.g. energy4j run -- make -j8",
        "run echo hi | energy4j run: put the command after --, e.g. energy4j run -- make -j8",
        "run --json -- | energy4j run: put the command after --, e.g. energy4j run -- make -j8",
        "run --procfs /nonexistent/proc -- true | energy4j run: --procfs /nonexistent/proc is not a readable proc "
            + "root (no 'stat' file); pass the host's /proc, e.g. --procfs /host/proc in a container",
        "run --interval 1ms -- true | energy4j run: --interval must be at least 20ms",
        "profile | energy4j profile: --pid N is required: the process id of a running JVM (jps lists them)",
        "profile --pid | energy4j profile: --pid needs a value",
        "profile --pid abc | energy4j profile: invalid value for option '--pid': 'abc' is not a long",
        "profile --pid 0 | energy4j profile: --pid must be a process id, was '0'",
        "profile --pid 1 --interval 0ms | energy4j profile: --interval 0ms is out of range: use 1ms to 1s (e.g. "
            + "--interval 10ms)",
        "profile --pid 1 --duration soon | energy4j profile: --duration soon is not a duration (e.g. 500ms, 10s, 5m; "
            + "--duration 30s)",
        "profile --pid 1 --window 200ms --interval 500ms | energy4j profile: --window 200ms is shorter than "
            + "--interval 500ms: each window needs samples (e.g. --window 1s)",
        "profile --pid 1 --top 0 | energy4j profile: --top 0 must be a whole number from 1 to 1000000 (e.g. --top "
            + "100)",
        "profile --pid 1 --output /nonexistent/dir/energy.html | energy4j profile: the directory of "
            + "/nonexistent/dir/energy.collapsedstack.txt does not exist; create it or choose another path",
        "profile --pid 999999999 | energy4j profile: no process 999999999 (jps lists the running JVMs)",
        "profile --pid 1 extra | energy4j profile: unexpected argument 'extra'",
        "ps --format yaml | energy4j ps: --format must be one of table, json, was 'yaml'",
        "ps --procfs | energy4j ps: --procfs needs a value",
        "ps --procfs /nonexistent/proc | energy4j ps: cannot read the proc root /nonexistent/proc (IOException); pass "
            + "--procfs DIR with a readable proc tree",
        "carbon --intensity lots | energy4j carbon: invalid value for option '--intensity': 'lots' is not a double",
        "carbon --list planets | energy4j carbon: --list must be one of countries, regions, providers, was 'planets'",
        "carbon --best-window --duration 0s --within 1h | energy4j carbon: --duration must be a positive duration "
            + "such as 90m, 2h or 1d, was PT0S",
        "gpus --samples 0 | energy4j gpus: --samples must be an integer from 1 to 1000000, was '0'",
        "gpus --window 0s | energy4j gpus: --window must be a positive duration such as 500ms, 10s, 10m or 1h, was '0'",
        "gpus --low-threshold 101 | energy4j gpus: --low-threshold must be a number from 0 to 100, was '101.0'",
        "gpus --format xml | energy4j gpus: --format must be one of table, json, was 'xml'",
        "scheduler-extender | energy4j scheduler-extender: --listen HOST:PORT is required: where to serve, e.g. "
            + "0.0.0.0:28283",
        "scheduler-extender --listen 127.0.0.1:0 --efficiency-refresh soon | energy4j scheduler-extender: invalid "
            + "value for option '--efficiency-refresh': 'soon' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or "
            + "PT10S)",
        "help frobnicate | energy4j: unknown subcommand 'frobnicate'."})
    void shouldPrintOneClearLineAndExitTwoOnBadInput(String line, String expected) {
        Result r = run(line.split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals(expected + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldNameTheKnownProvidersWhenAProviderIsUnknown() {
        for (String cmd : List.of("carbon", "report", "serve", "run")) {
            Result r = run(cmd.equals("run") ? new String[] {cmd, "--provider", "nope", "--", "true"}
                    : new String[] {cmd, "--provider", "nope"});
            assertEquals(2, r.code(), r.err());
            assertEquals("energy4j " + cmd + ": unknown --provider nope; one of: " + IntensityProviders.ids() + "\n",
                    r.err());
        }
    }

    /** A command that fails the way a bug or an I/O error would. */
    @CommandLine.Command(name = "failing")
    static final class Failing extends CliCommand {
        @Override
        public Integer call() throws IOException {
            throw new IOException("disk on fire");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldPrintAnyOtherFailureInOneLineAndExitOneWithTheStackTraceOnlyWhenDebugging(boolean debug) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Cli.commandLine(new Failing(), e, e, debug ? Map.of("ENERGY4J_DEBUG", "1") : Map.of()).execute();
        assertEquals(1, code);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("failing: java.io.IOException: disk on fire", lines.get(0));
        if (debug) {
            assertEquals("java.io.IOException: disk on fire", lines.get(1));
            assertTrue(lines.get(2).contains("at io.github.energy4j.agent.CliTest$Failing.call("), lines.get(2));
        } else {
            assertEquals(1, lines.size(), lines.toString());
        }
    }

    @Test
    void shouldUseTheLastValueOfARepeatedOptionAndTakeAnOptionsValueAfterAnEqualsSign() {
        Result r = run("top", "--sort", "watts", "--sort=cpu");
        assertEquals("energy4j top: --sort must be one of watts, joules, was 'cpu'\n", r.err());
    }

    @Test
    void shouldParseServeFromKeplersFlagsWithTheUsersOwnOptionsWinning() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> argv = ServeCommand.keplerOptions(List.of("--web.listen-address=:9102", "--monitor.interval=3s",
                "--host.procfs", "/host/proc", "--kube.node-name=n7", "--exporter.stdout", "--interval", "2s"),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
        ServeCommand c = Cli.parse(new ServeCommand(), argv);
        assertEquals("0.0.0.0:9102", c.listen);
        assertEquals(Duration.ofSeconds(2), c.interval, "energy4j's own --interval comes after Kepler's, and wins");
        assertEquals("/host/proc", c.host.procfs);
        assertEquals("n7", c.nodeName);
        assertEquals(List.of("k8s.nodeName=n7"), c.host.config);
        assertEquals("energy4j serve: ignoring Kepler settings energy4j has no equivalent for: exporter.stdout.enabled "
                + "(README: Switching from Kepler)\n", warnings.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunEverythingAfterTheDoubleDashAsTheCommandWithoutParsingItsOptions() {
        RunCommand c = Cli.parse(new RunCommand(), List.of("--json", "--interval", "1s", "--", "ls", "--json", "-la"));
        assertEquals(List.of("ls", "--json", "-la"), c.command);
        assertTrue(c.json);
        assertEquals(Duration.ofSeconds(1), c.interval);
        // the command's first word ends the options too (energy4j itself then asks for the --)
        c = Cli.parse(new RunCommand(), List.of("--json", "make", "--interval", "5"));
        assertEquals(List.of("make", "--interval", "5"), c.command);
        assertEquals(Duration.ofMillis(200), c.interval);
    }

    @Test
    void shouldListExactlyTheDistinctRaplZonesInDoctorJson() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        pc.pkg("0", "package-0", 1000);
        pc.zone("intel-rapl", "0:0", "core", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        pc.zone("intel-rapl", "0:1", "dram", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        pc.pkg("1", "psys", 10);
        pc.zone("intel-rapl-mmio", "0", "package-0", 1000, FakePowercap.INTEL_RANGE_UJ, 125_000_000L);
        Result r = run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        Map<String, List<String>> zones = zonesBySource(r.out());
        assertEquals(List.of("core-0", "dram-0", "package-0", "psys"), sorted(zones.get("rapl")));
        assertEquals(List.of("cpu-model"), zones.get("model"));
        assertEquals(Boolean.TRUE, booleanBySource(r.out(), "selected").get("rapl"), r.out());
        assertEquals(Boolean.FALSE, booleanBySource(r.out(), "selected").get("model"),
                "the CPU model is not used while RAPL is: " + r.out());
    }

    @Test
    void shouldListACoreZoneWithEnabledZeroInDoctorAndSayTheFlagAsANote() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        pc.pkg("0", "package-0", 1000);
        Path core = pc.zone("intel-rapl", "0:0", "core", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        FakePowercap.set(core, "enabled", "0\n");
        String sys = tmp.resolve("sys").toString();
        Result json = run("doctor", "--procfs", proc.toString(), "--sysfs", sys, "--format", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals(List.of("core-0", "package-0"), sorted(zonesBySource(json.out()).get("rapl")));
        Result table = run("doctor", "--procfs", proc.toString(), "--sysfs", sys);
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().map(String::strip).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("zone core-0 ") && l.contains(" core ")), table.out());
        assertTrue(lines.contains("note: core-0 (intel-rapl:0:0) has enabled=0 (power capping off or locked), "
                + "its energy counter is read all the same"), table.out());
    }

    @Test
    void shouldListHwmonCpuZonesInDoctorAndSelectThemWhereRaplIsAbsent() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        // amd_energy on a one-socket AMD node without powercap: two core counters, then the socket's
        Path hwmon = tmp.resolve("sys/class/hwmon/hwmon2");
        FakeProcfs.write(hwmon.resolve("name"), "amd_energy\n");
        FakeProcfs.write(hwmon.resolve("energy1_input"), "1000000\n");
        FakeProcfs.write(hwmon.resolve("energy1_label"), "Ecore000\n");
        FakeProcfs.write(hwmon.resolve("energy2_input"), "2000000\n");
        FakeProcfs.write(hwmon.resolve("energy2_label"), "Ecore001\n");
        FakeProcfs.write(hwmon.resolve("energy3_input"), "90000000\n");
        FakeProcfs.write(hwmon.resolve("energy3_label"), "Esocket0\n");
        Result r = run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("package-0"), zonesBySource(r.out()).get("hwmon-cpu"), r.out());
        assertEquals(Boolean.TRUE, booleanBySource(r.out(), "selected").get("hwmon-cpu"), r.out());
        assertEquals(Boolean.FALSE, booleanBySource(r.out(), "selected").get("model"), r.out());
    }

    @Test
    void shouldNameTheVmOfAVmProcessInReports() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(77, "qemu-system-x86", 5, 0, 3).process(78, "bash", 5, 0, 3);
        FakeProcfs.write(proc.resolve("77/cmdline"), "/usr/bin/qemu-system-x86_64\0-name\0guest=builder\0-uuid\0"
                + "9b1d2c3e-0000-4000-8000-000000000077\0");
        FakeProcfs.write(proc.resolve("78/cmdline"), "bash\0");
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1000);
        List<String> base = List.of("report", "--duration", "200ms", "--interval", "100ms", "--all-processes",
                "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString());
        List<String> json = new ArrayList<>(base);
        json.addAll(List.of("--format", "json"));
        Result j = run(json.toArray(String[]::new));
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().replaceAll("\\s", "").contains("\"vm\":{\"id\":\"9b1d2c3e-0000-4000-8000-000000000077\","
                + "\"name\":\"builder\",\"hypervisor\":\"kvm\"}"), j.out());
        assertEquals(1, j.out().split("\"vm\"", -1).length - 1, "only the QEMU process is a VM: " + j.out());
        Result t = run(base.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().lines().anyMatch(l -> l.startsWith("77 ") && l.contains("vm:builder")), t.out());
    }

    @Test
    void shouldPrintEachZonesDeviceInTheDoctorTableAsTheJsonDoes() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        Path sys = tmp.resolve("sys");
        FakePowercap.create(sys).pkg("0", "package-0", 1000);
        Path meter = sys.resolve("class/hwmon/hwmon0");
        FakeProcfs.write(meter.resolve("name"), "power_meter\n");
        FakeProcfs.write(meter.resolve("power1_average"), "187000000\n");
        FakeProcfs.write(meter.resolve("power1_average_interval"), "2000\n");
        Result json = run("doctor", "--procfs", proc.toString(), "--sysfs", sys.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        Map<String, String> devices = zoneDevices(json.out());
        assertTrue(devices.get("platform").contains("refreshed every 2000 ms"), devices.toString());
        Result table = run("doctor", "--procfs", proc.toString(), "--sysfs", sys.toString());
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        for (String zone : List.of("package-0", "platform")) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith("zone " + zone + " ")) {
                    at = i;
                }
            }
            assertTrue(at >= 0, zone + " in " + table.out());
            StringBuilder detail = new StringBuilder();
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("              "); i++) {
                assertTrue(lines.get(i).length() <= DoctorCommand.WIDTH || !lines.get(i).strip().contains(" "),
                        "short lines: " + lines.get(i));
                detail.append(detail.length() == 0 ? "" : " ").append(lines.get(i).strip());
            }
            assertEquals("device: " + devices.get(zone), detail.toString(), table.out());
        }
    }

    @Test
    void shouldWrapLongTextAtSpacesIndentingContinuationLines() {
        assertEquals(List.of("device: a b", "  ccc d", "  /a/very/long/path", "  e"),
                DoctorCommand.wrap("device: a b ccc d /a/very/long/path e", 11));
        assertEquals(List.of("x"), DoctorCommand.wrap("x", 11));
    }

    @Test
    void shouldReportRaplEnergyEqualToTheCounterDeltasAcrossAWrapWithoutDoubleCounting() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        long range = FakePowercap.INTEL_RANGE_UJ;
        long start = range - 2_500_000; // 2.5 J below the top
        Path pkg = pc.pkg("0", "package-0", start);
        Path dram = pc.zone("intel-rapl", "0:0", "dram", 100, range, 0);
        Path core = pc.zone("intel-rapl", "0:1", "core", 100, range, 0);
        // the kernel's MMIO interface exposes the same package counter a second time
        Path mmio = pc.zone("intel-rapl-mmio", "0", "package-0", start, range, 125_000_000L);
        Path psys = pc.pkg("1", "psys", 0);
        Thread writer = new Thread(() -> {
            try {
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30)); // the baseline is taken
                Thread.sleep(350);
                FakePowercap.energy(pkg, range - 1_000_000);
                FakePowercap.energy(mmio, range - 1_000_000);
                FakePowercap.energy(dram, 600_100);
                FakePowercap.energy(core, 1_000_100);
                FakePowercap.energy(psys, 9_000_000);
                p.advanceCpu(50, 50).process(300, "worker", 50, 0, 5);
                Thread.sleep(350);
                FakePowercap.energy(pkg, 4_000_123); // wrapped
                FakePowercap.energy(mmio, 4_000_123);
                FakePowercap.energy(dram, 1_000_100);
                FakePowercap.energy(core, 3_000_100);
                FakePowercap.energy(psys, 20_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        Result r = run("report", "--duration", "1200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString(), "--format", "json", "--idle-policy", "none");
        writer.join();
        assertEquals(0, r.code(), r.err());
        Map<String, Double> joules = zoneJoules(r.out());
        double pkgJ = (range + 1 - start + 4_000_123) * 1e-6; // modulus = max_energy_range_uj + 1
        assertEquals(pkgJ, joules.get("package-0"), 1e-6);
        assertEquals(1.0, joules.get("dram-0"), 1e-9);
        assertEquals(20.0, joules.get("psys"), 1e-9);
        assertEquals(3.0, joules.get("core-0"), 1e-9, "core is reported as its own zone");
        assertEquals(List.of("core-0", "dram-0", "package-0", "psys"), sorted(new ArrayList<>(joules.keySet())),
                "the MMIO copy of package-0 is not a zone of its own: " + r.out());
        double node = number(r.out(), "nodeJoules");
        assertEquals(pkgJ + 1.0, node, 1e-6,
                "core lies inside package, the MMIO copy is package again, psys overlaps package+dram: none is added");
        assertEquals(pkgJ + 1.0, number(r.out(), "unattributedJoules") + processJoules(r.out()), 1e-6,
                "idle policy none: all energy goes to processes or unattributed");
    }

    @Test
    void shouldWriteMarkdownAndHtmlReportsAndKeepTheJsonContractWithPods() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Thread writer = new Thread(() -> {
            MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30)); // the baseline is taken
            for (int i = 1; i <= 6; i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                FakePowercap.energy(pkg, i * 1_000_000L);
            }
        });
        String[] common = {"--duration", "1200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString()};
        writer.start();
        Result html = run(concat(new String[] {"report", "--format", "html"}, common));
        writer.join();
        assertEquals(0, html.code(), html.err());
        assertTrue(html.out().contains("<polyline"), html.out());
        assertTrue(html.out().contains("6.0 J, measured"), html.out());
        Result md = run(concat(new String[] {"report", "--format", "markdown"}, common));
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("# energy4j green-ops report"), md.out());
        assertTrue(md.out().contains("| package-0 | 0.0 |"), "counter no longer moves: " + md.out());
        Result json = run(concat(new String[] {"report", "--format", "json"}, common));
        assertEquals(0, json.code(), json.err());
        for (String key : List.of("\"nodeJoules\"", "\"zones\"", "\"processes\"", "\"workloads\"", "\"pods\"",
                "\"carbonProvenance\"")) {
            assertTrue(json.out().contains(key), key + " in " + json.out());
        }
        assertFalse(json.out().contains("otherJoules"), "no platform zone, no otherJoules");
    }

    @Test
    void shouldTitleTheMeasuredOrEstimatedColumnOfTheReportTableProvenance() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Result r = run("report", "--duration", "200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString());
        assertEquals(0, r.code(), r.err());
        String header = r.out().lines().filter(l -> l.startsWith("ZONE ")).findFirst()
                .orElseThrow(() -> new AssertionError("no zone table in " + r.out()));
        assertEquals(List.of("ZONE", "DOMAIN", "SOURCE", "PROVENANCE", "JOULES", "ACTIVE", "J", "IDLE", "J", "AVG", "W"),
                List.of(header.split(" +")), header);
        String row = r.out().lines().filter(l -> l.startsWith("package-0 ")).findFirst()
                .orElseThrow(() -> new AssertionError("no package-0 row in " + r.out()));
        assertEquals(header.indexOf("PROVENANCE"), row.indexOf("measured"), "the value sits under its title:\n"
                + header + "\n" + row);
        assertTrue(r.out().lines().noneMatch(l -> l.matches(".*\\bKIND\\b.*")), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "table"})
    void shouldReportOtherJoulesAsUnknownNotZeroWhileThePlatformMeterIsUnreadable(String format) throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        Path sys = tmp.resolve("sys");
        Path pkg = FakePowercap.create(sys).pkg("0", "package-0", 0);
        // an ACPI power meter that reads at probe time and then stops giving numbers
        Path meter = sys.resolve("class/hwmon/hwmon0");
        FakeProcfs.write(meter.resolve("name"), "acpi_power_meter\n");
        FakeProcfs.write(meter.resolve("power1_average"), "187000000\n");
        FakeProcfs.write(meter.resolve("power1_average_interval"), "1000\n");
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                // the hwmon source opened the meter after its probe read it; from here on it reads no number
                MeterReady.awaitFileHeldOpen(meter.resolve("power1_average"), Duration.ofSeconds(30));
                FakeProcfs.write(meter.resolve("power1_average"), "\n");
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30));
                for (int i = 1; i <= 4; i++) {
                    Thread.sleep(100);
                    FakePowercap.energy(pkg, i * 1_000_000L);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        Result r = run("report", "--duration", "1000ms", "--interval", "250ms", "--procfs", proc.toString(),
                "--sysfs", sys.toString(), "--format", format);
        writer.join();
        assertEquals(null, writerFailed.get(), () -> String.valueOf(writerFailed.get()));
        assertEquals(0, r.code(), r.err());
        if (format.equals("json")) {
            assertTrue(zoneJoules(r.out()).containsKey("platform"), "the hwmon zone is in the report: " + r.out());
            assertTrue(r.out().contains("\"otherJoules\" : null"), "unknown, not 0.0: " + r.out());
        } else {
            String line = r.out().lines().filter(l -> l.startsWith("other ")).findFirst().orElseThrow(
                    () -> new AssertionError("no other line in " + r.out()));
            assertTrue(line.contains("unknown") && line.contains("platform: unreadable"), line);
            assertFalse(line.contains(" J"), line);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    /** source id -> zone names from doctor JSON. */
    static Map<String, List<String>> zonesBySource(String json) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String id = null;
            int depth = 0;
            boolean inZones = false;
            while (p.nextToken() != null) {
                JsonToken t = p.currentToken();
                if (t == JsonToken.FIELD_NAME && "id".equals(p.currentName())) {
                    p.nextToken();
                    id = p.getText();
                    out.put(id, new ArrayList<>());
                } else if (t == JsonToken.FIELD_NAME && "zones".equals(p.currentName())) {
                    inZones = true;
                    depth = 0;
                } else if (inZones && t == JsonToken.START_OBJECT) {
                    depth++;
                } else if (inZones && t == JsonToken.END_ARRAY && depth == 0) {
                    inZones = false;
                } else if (inZones && t == JsonToken.END_OBJECT) {
                    depth--;
                } else if (inZones && t == JsonToken.FIELD_NAME && "name".equals(p.currentName())) {
                    p.nextToken();
                    out.get(id).add(p.getText());
                }
            }
        }
        return out;
    }

    /** source id -> the value of one of its boolean fields ({@code available}, {@code selected}) from doctor JSON. */
    static Map<String, Boolean> booleanBySource(String json, String field) throws IOException {
        Map<String, Boolean> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String id = null;
            boolean inSources = false;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().getParent().inRoot()) {
                    inSources = "sources".equals(p.currentName());
                } else if (inSources && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                    // a field of one sources[] entry, not of one of its zones
                    if ("id".equals(p.currentName())) {
                        p.nextToken();
                        id = p.getText();
                    } else if (field.equals(p.currentName())) {
                        p.nextToken();
                        out.put(id, p.getBooleanValue());
                    }
                }
            }
        }
        return out;
    }

    /** zone name -> device of every source's zones, from doctor JSON. */
    static Map<String, String> zoneDevices(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String name = null;
            while (p.nextToken() != null) {
                // a field of an object in an array held by a "zones" field
                if (p.currentToken() != JsonToken.FIELD_NAME || p.getParsingContext().getParent().getParent() == null
                        || !"zones".equals(p.getParsingContext().getParent().getParent().getCurrentName())) {
                    continue;
                }
                if ("name".equals(p.currentName())) {
                    p.nextToken();
                    name = p.getText();
                } else if ("device".equals(p.currentName())) {
                    p.nextToken();
                    out.put(name, p.getText());
                }
            }
        }
        return out;
    }

    /** zone name -> joules from report JSON. */
    static Map<String, Double> zoneJoules(String json) throws IOException {
        Map<String, Double> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean inZones = false;
            String name = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    if (p.getParsingContext().getParent().inRoot()) {
                        inZones = "zones".equals(f);
                    } else if (inZones && "name".equals(f)) {
                        p.nextToken();
                        name = p.getText();
                    } else if (inZones && "joules".equals(f)) {
                        p.nextToken();
                        out.put(name, p.getDoubleValue());
                    }
                }
            }
        }
        return out;
    }

    static double number(String json, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && field.equals(p.currentName())
                        && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    return p.getDoubleValue();
                }
            }
        }
        throw new AssertionError("no " + field + " in " + json);
    }

    /** Sum of processes[].joules. */
    static double processJoules(String json) throws IOException {
        double sum = 0;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean inProcs = false;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    if (p.getParsingContext().getParent().inRoot()) {
                        inProcs = "processes".equals(p.currentName());
                    } else if (inProcs && "joules".equals(p.currentName())
                            && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                        p.nextToken();
                        sum += p.getDoubleValue();
                    }
                }
            }
        }
        return sum;
    }
}
