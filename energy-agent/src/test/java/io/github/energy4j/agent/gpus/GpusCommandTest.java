package io.github.energy4j.agent.gpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import io.github.energy4j.agent.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code energy4j gpus} on the stand-in NVML library built from energy-nvml's test sources. */
class GpusCommandTest {

    /** gpu-0 idle, gpu-1 busy, gpu-2 holds 6 GiB with a process attached and 0 % SM. */
    private static final String FLEET = """
            count=3
            0.name=Idle GPU
            0.energy.step=100
            0.power=55000
            0.limit=400000
            0.util.gpu=0
            0.mem.total=85899345920
            0.mem.used=4194304
            0.clock.sm=345
            1.name=Busy GPU
            1.energy.step=300000
            1.power=320000
            1.limit=400000
            1.util.gpu=70,90,100
            1.mem.total=85899345920
            1.mem.used=42949672960
            1.clock.sm=1980
            1.procs=4242:42949672960
            1.procutil=4242:95
            2.name=Zombie GPU
            2.energy.step=100
            2.power=70000
            2.limit=400000
            2.util.gpu=0
            2.mem.total=85899345920
            2.mem.used=6442450944
            2.clock.sm=345
            2.procs=777:6442450944
            """;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Compiled once per run: NVML binds one library per JVM. */
    private static Path stub;

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private int run(Map<String, String> env, String... args) {
        List<String> line = new ArrayList<>(List.of("gpus"));
        line.addAll(List.of(args));
        return Main.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    /** The stand-in libnvidia-ml, compiled with gcc from energy-nvml's {@code src/test/c/nvml_stub.c}. */
    static synchronized Path stub() throws IOException, InterruptedException {
        if (stub == null) {
            Path lib = Path.of("target", "nvml-stub", "libnvidia-ml-stub.so").toAbsolutePath();
            Files.createDirectories(lib.getParent());
            Path src = Path.of("..", "energy-nvml", "src", "test", "c", "nvml_stub.c");
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), src.toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc builds the NVML stand-in");
            stub = lib;
        }
        return stub;
    }

    /** Makes the stand-in read {@code scenario} on its next nvmlInit_v2. */
    private void scenario(String scenario) throws IOException, InterruptedException {
        Files.createDirectories(tmp);
        Path file = tmp.resolve("scenario.txt");
        Files.writeString(file, scenario);
        NativeLibrary.getInstance(stub().toString()).getFunction("nvmlStubSetScenario")
                .invokeVoid(new Object[] {file.toAbsolutePath().toString()});
    }

    private List<String> withStub(String... args) throws Exception {
        scenario(FLEET);
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--library=" + stub());
        return all;
    }

    @Test
    void shouldClassifyIdleActiveAndZombieGpusInTable() throws Exception {
        int rc = run(withStub("--samples", "3", "--interval", "10ms").toArray(String[]::new));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[1].matches("0\\s+Idle GPU\\s+idle\\s+\\d+\\s+yes\\s+0\\.0.*"), lines[1]);
        // busy: util mean (70+90+100)/3 = 86.7, power 320 W of 400 W -> score 0.7*86.67 + 0.3*80 = 84.7
        assertTrue(lines[2].matches("1\\s+Busy GPU\\s+active\\s+85\\s+no\\s+86\\.7\\s+40960\\s+320\\.0\\s+1980\\s+1"), lines[2]);
        assertTrue(lines[3].matches("2\\s+Zombie GPU\\s+suspicious\\s+.*\\s+6144\\s+70\\.0\\s+345\\s+1"), lines[3]);
    }

    @Test
    void shouldPrintJsonWithStatusPerGpu() throws Exception {
        int rc = run(withStub("--samples=2", "--interval=0s", "--format", "json", "--window", "5m").toArray(String[]::new));
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(json.startsWith("{\"windowSeconds\":300,"), json);
        assertTrue(json.contains("\"gpu\":0,\"uuid\":\"GPU-00000000-0000-0000-0000-000000000000\",\"name\":\"Idle GPU\",\"status\":\"idle\""), json);
        assertTrue(json.contains("\"name\":\"Busy GPU\",\"status\":\"active\""), json);
        assertTrue(json.contains("\"name\":\"Zombie GPU\",\"status\":\"suspicious\""), json);
    }

    @Test
    void shouldExitTwoWithOneLineRemedyWhenNvmlIsMissing() {
        int rc = run("--samples", "1", "--library", tmp.resolve("missing-libnvidia-ml.so.1").toString());
        assertEquals(2, rc);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("energy4j gpus: NVML unavailable:") && e.contains("NVIDIA driver"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoOnBadFlagsNamingTheFlag() {
        String[][] bad = {{"--format", "xml"}, {"--interval", "soon"}, {"--samples"}, {"--verbose", "1"},
            {"--samples", "0"}, {"--ai-timeout", "0s"}, {"--low-threshold", "-1"}};
        String[] expected = {"--format must be one of table, json, was 'xml'",
            "invalid value for option '--interval': 'soon' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
            "--samples needs a value",
            "unknown option '--verbose'; did you mean --version? (options: --ai, --ai-model, --ai-timeout, --ai-url, "
                + "--format, --help, --interval, --library, --low-threshold, --prometheus, --samples, --version, "
                + "--window)",
            "--samples must be an integer from 1 to 1000000, was '0'",
            "--ai-timeout must be a positive duration such as 500ms, 10s, 10m or 1h, was '0'",
            "--low-threshold must be a number from 0 to 100, was '-1.0'"};
        for (int i = 0; i < bad.length; i++) {
            err.reset();
            assertEquals(2, run(bad[i]), String.join(" ", bad[i]));
            assertEquals("energy4j gpus: " + expected[i] + "\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldAnalyseTheOtherGpusAndSayWhichWasLeftOut() throws Exception {
        scenario(FLEET + "1.handle.rc=4\n");
        int rc = run("--samples", "2", "--interval", "0s", "--library", stub().toString());
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("energy4j gpus: GPU 1 left out:") && e.contains("NVML_ERROR_NO_PERMISSION"), e);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, String.join("\n", lines));
        assertTrue(lines[1].matches("0\\s+Idle GPU\\s+idle.*"), lines[1]);
        assertTrue(lines[2].matches("1\\s+unavailable\\s+unknown\\s+-.*"), "no figures for the GPU left out: " + lines[2]);
        assertTrue(lines[3].matches("2\\s+Zombie GPU\\s+suspicious.*"), lines[3]);
    }

    @Test
    void shouldSampleForTheWholeWindowWhenNoSampleCountIsGiven() throws Exception {
        long start = System.nanoTime();
        int rc = run(withStub("--window", "600ms", "--interval", "100ms", "--format", "json").toArray(String[]::new));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        // 600 ms at 100 ms: seven samples spanning the window
        assertTrue(json.contains("\"samples\":7,"), json);
        assertTrue(elapsedMs >= 600, "sampled for the window, not less: " + elapsedMs + " ms");
    }

    @Test
    void shouldRefuseAiWithoutAnEndpointAndSamplesWithPrometheus() throws Exception {
        assertEquals(2, run("--ai"));
        assertEquals("energy4j gpus: --ai needs --ai-url (or AI_URL), an OpenAI-compatible chat-completions URL\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run(Map.of("AI_URL", "file:///x"), "--ai"));
        assertEquals("energy4j gpus: --ai-url must be an http:// or https:// URL, was 'file:///x'\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--prometheus", "ftp://x"));
        assertEquals("energy4j gpus: --prometheus must be an http:// or https:// URL, was 'ftp://x'\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--prometheus", "http://127.0.0.1:9", "--samples", "3"));
        assertEquals("energy4j gpus: --samples is for local sampling; with --prometheus the --window of history is "
                + "read\n", err.toString(StandardCharsets.UTF_8));
    }
}
