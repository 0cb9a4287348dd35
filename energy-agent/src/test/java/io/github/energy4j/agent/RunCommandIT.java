package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.rapl.testing.FakePowercap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code energy4j run} on real child processes of this host. */
class RunCommandIT {

    /**
     * Keeps a CPU busy for 50 to 60 ms of wall time, on a machine of any speed: sh reads the uptime (centiseconds)
     * with builtins only, so the loop forks nothing.
     */
    private static final String BUSY_50_MS = "read t0 x < /proc/uptime; t0=${t0%.*}${t0#*.}; "
            + "while :; do read t x < /proc/uptime; t=${t%.*}${t#*.}; [ $((t - t0)) -ge 6 ] && break; done";

    /** The keys of {@code run --json}, in order: a contract. */
    private static final List<String> JSON_KEYS = List.of("command", "exitCode", "durationSeconds", "processes",
            "joules", "cpuJoules", "gpuJoules", "cpuSeconds", "carbonGrams", "carbonProvenance", "provenance",
            "nodeJoules", "zoneJoules");

    @TempDir
    Path tmp;

    @Test
    void shouldPreserveTheExitCodeOfTheCommand() {
        CliTest.Result r = CliTest.run("run", "--", "sh", "-c", "exit 3");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("Energy stats for 'sh -c exit 3'"), r.err());
    }

    @Test
    void shouldAttributeEnergyToABusyChildAndItsDescendants() throws Exception {
        // sh forks a busy subshell; the energy is the subshell's, a grandchild of the meter's child
        CliTest.Result r = CliTest.run("run", "--json", "--interval", "100ms", "--", "sh", "-c",
                "( while :; do :; done ) & pid=$!; sleep 1.5; kill $pid; exit 5");
        assertEquals(5, r.code(), r.err());
        String json = r.err().substring(r.err().indexOf('{'));
        assertTrue(CliTest.number(json, "joules") > 0, json);
        // the loop gets up to 1.5 s of CPU (less on a loaded machine); sh and sleep alone use about 0.01 s
        assertTrue(CliTest.number(json, "cpuSeconds") > 0.1, "the busy grandchild was not counted: " + json);
        assertTrue(CliTest.number(json, "processes") >= 2, json);
        assertEquals(5, CliTest.number(json, "exitCode"), 0);
        assertTrue(CliTest.number(json, "joules") <= CliTest.number(json, "nodeJoules") + 1e-9, json);
    }

    @Test
    void shouldPrintTheCarbonOfTheCommandAndSayWhetherItsEnergyWasMeasured() throws Exception {
        CliTest.Result table = CliTest.run("run", "--intensity", "400", "--interval", "100ms", "--", "sh", "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        assertEquals(0, table.code(), table.err());
        String line = table.err().lines().filter(l -> l.contains("CO2e")).findFirst().orElseThrow();
        assertTrue(line.matches("\\s+[0-9.]+ g   CO2e    grid intensity: .+; energy (measured|estimated)"), line);
        CliTest.Result json = CliTest.run("run", "--json", "--intensity", "400", "--interval", "100ms", "--", "sh", "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        assertEquals(0, json.code(), json.err());
        String j = json.err().substring(json.err().indexOf('{'));
        assertTrue(CliTest.number(j, "joules") > 0 && CliTest.number(j, "carbonGrams") > 0, j);
    }

    @Test
    void shouldExit127WithOneLineWhenTheCommandCannotStart() {
        CliTest.Result r = CliTest.run("run", "--", "/nonexistent/energy4j-no-such-command", "x");
        assertEquals(127, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cannot start '/nonexistent/energy4j-no-such-command'"), r.err());
    }

    @Test
    void shouldCountTheCpuTimeAndEstimatedEnergyOfACommandThatExitsBeforeTheFirstInterval() throws Exception {
        // the CPU model over this host's /proc; the interval is far longer than the command, so no sample but the
        // one at its exit comes after it starts, and it is reaped by then
        Path sys = Files.createDirectories(tmp.resolve("sys"));
        CliTest.Result r = CliTest.run("run", "--json", "--interval", "10s", "--source", "model", "--sysfs",
                sys.toString(), "--", "sh", "-c", BUSY_50_MS);
        assertEquals(0, r.code(), r.err());
        String json = r.err().substring(r.err().indexOf('{'));
        assertEquals(JSON_KEYS, topLevelKeys(json));
        assertTrue(CliTest.number(json, "processes") >= 1, json);
        assertTrue(CliTest.number(json, "cpuSeconds") > 0, json);
        assertTrue(CliTest.number(json, "joules") > 0, json);
        assertEquals(CliTest.number(json, "joules"), CliTest.number(json, "cpuJoules"), 1e-12, json);
        assertTrue(CliTest.number(json, "joules") <= CliTest.number(json, "nodeJoules") + 1e-9, json);
        assertEquals("ESTIMATED", text(json, "provenance"), json);
        assertTrue(CliTest.number(json, "durationSeconds") < 10, "ended before the first interval: " + json);
    }

    @Test
    void shouldCountTheCpuTimeAndMeasuredEnergyOfACommandThatExitsBeforeTheFirstInterval() throws Exception {
        // a RAPL package counter that moves 2 J while the command runs. The command first waits on a FIFO; the
        // meter's baseline is taken before the command starts, so once the FIFO has a reader the counter is moved,
        // and only then does the command get its line and go on
        Path sys = tmp.resolve("sys");
        Path pkg = FakePowercap.create(sys).pkg("0", "package-0", 5_000_000);
        Path gate = tmp.resolve("gate");
        Process mkfifo = new ProcessBuilder("mkfifo", gate.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        AtomicReference<Throwable> gateFailure = new AtomicReference<>();
        Thread opener = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(gate)) { // returns once the command opens it
                FakePowercap.energy(pkg, 7_000_000);
                o.write("go\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                gateFailure.set(e);
            }
        }, "gate");
        opener.setDaemon(true);
        opener.start();
        CliTest.Result r = CliTest.run("run", "--json", "--interval", "10s", "--source", "rapl", "--sysfs",
                sys.toString(), "--", "sh", "-c", "read go < \"$1\"; " + BUSY_50_MS, "sh", gate.toString());
        opener.join(10_000);
        assertEquals(null, gateFailure.get());
        assertEquals(0, r.code(), r.err());
        String json = r.err().substring(r.err().indexOf('{'));
        assertEquals(JSON_KEYS, topLevelKeys(json));
        assertEquals(2.0, CliTest.number(json, "nodeJoules"), 1e-9, json);
        assertTrue(CliTest.number(json, "processes") >= 1, json);
        assertTrue(CliTest.number(json, "cpuSeconds") > 0, json);
        assertTrue(CliTest.number(json, "joules") > 0, json);
        assertTrue(CliTest.number(json, "joules") <= 2.0 + 1e-9, json);
        assertEquals("MEASURED", text(json, "provenance"), json);
    }

    private static List<String> topLevelKeys(String json) throws IOException {
        List<String> keys = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.getParsingContext().getParent().inRoot()) {
                    keys.add(p.currentName());
                }
            }
        }
        return keys;
    }

    private static String text(String json, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && field.equals(p.currentName())
                        && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    return p.getText();
                }
            }
        }
        throw new AssertionError("no " + field + " in " + json);
    }
}
