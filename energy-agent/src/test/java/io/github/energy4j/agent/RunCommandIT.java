package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code energy4j run} on real child processes of this host. */
class RunCommandIT {

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
}
