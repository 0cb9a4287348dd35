package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code energy4j profile --pid} on a real child JVM, through the attach API and the agent jar this build carries. */
class ProfileCommandIT {

    @TempDir
    Path tmp;

    @Test
    void shouldAttachToARunningJvmAndWriteItsEnergyProfile() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProfileTarget.class.getName())
                .redirectError(tmp.resolve("child.err").toFile()).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", r.readLine());
            Path out = Files.createDirectories(tmp.resolve("out"));
            CliTest.Result res = CliTest.run("profile", "--pid", Long.toString(child.pid()), "--duration", "3s",
                    "--interval", "5ms", "--output", out.resolve("energy.html").toString());
            assertEquals(0, res.code(), res.err() + Files.readString(tmp.resolve("child.err")));
            assertTrue(res.err().startsWith("energy4j profile: profiling pid " + child.pid() + " (java) for 3s; the "
                    + "flame graph goes to " + out.resolve("energy.html")), res.err());
            for (String f : List.of("energy.html", "energy.collapsedstack.txt", "energy.json", "energy.csv")) {
                assertTrue(Files.isRegularFile(out.resolve(f)), f);
            }
            List<String> lines = res.out().lines().toList();
            assertTrue(lines.get(0).startsWith("energy ") && lines.get(0).contains("; sampling interval 5ms; samples "),
                    res.out());
            assertEquals("    self J    total J   share  method", lines.get(1));
            assertTrue(lines.get(2).endsWith("  io.github.energy4j.agent.ProfileTarget.heavy"),
                    "the heavy method spends the most: " + res.out());
            assertEquals("wrote " + out.resolve("energy.collapsedstack.txt") + ", " + out.resolve("energy.json") + ", "
                    + out.resolve("energy.csv") + ", " + out.resolve("energy.html"), lines.get(lines.size() - 1));
            String childErr = Files.readString(tmp.resolve("child.err"));
            assertTrue(childErr.contains("energy4j-profiler: the duration has passed; wrote "), childErr);
            assertTrue(child.isAlive(), "the profiled JVM goes on running");
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
