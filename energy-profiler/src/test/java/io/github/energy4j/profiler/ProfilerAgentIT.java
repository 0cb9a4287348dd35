package io.github.energy4j.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.profiler.workload.SplitWorkload;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent jar on real child JVMs: {@code -javaagent:energy4j-profiler.jar=...} on {@link SplitWorkload}, whose two
 * methods split their CPU time 75/25 by construction, then the files it writes, read back and rendered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilerAgentIT {

    /** Sampled at 2 ms for 8 s on two threads: well over a thousand samples, so one standard error is about a point. */
    private static final String OPTIONS = "interval=2ms,output=energy.html";
    private static final List<String> WORKLOAD = List.of("--threads", "2", "--seconds", "8", "--await-profiler");

    private Path dir;
    private ChildJvm.Result run;
    private ProfileJson json;

    @BeforeAll
    void profileTheSplitWorkload(@TempDir Path tmp) throws Exception {
        dir = tmp;
        run = ChildJvm.run(ChildJvm.java(), dir, OPTIONS, SplitWorkload.class.getName(), WORKLOAD, 90);
        assertEquals(0, run.exitCode(), run.stderr());
        json = ProfileJson.read(dir.resolve("energy.json"));
    }

    @Test
    void shouldSplitTheEnergyOfTwoMethodsWhoseCpuTimeSplits75To25WithinFivePoints() {
        double heavy = json.method("SplitWorkload.heavy").totalJoules();
        double light = json.method("SplitWorkload.light").totalJoules();
        double split = heavy / (heavy + light);
        String figures = "heavy " + heavy + " J, light " + light + " J, samples " + json.fields().get("samples")
                + "; the workload says " + run.stdout().strip();
        // the 5-point tolerance must be at least two standard errors of a 75 % share, sqrt(0.75 x 0.25 / n):
        // n >= 300 (on a machine busy with other work the two threads get fewer samples than the ~1000 of a quiet one)
        assertTrue(json.number("samples") >= 300, "too few samples to judge a split: " + figures);
        assertEquals(0.75, split, 0.05, figures);
    }

    @Test
    void shouldWriteCollapsedStacksBesideTheHtmlThatSumToTheProfilesEnergy() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("energy.collapsedstack.txt"));
        assertTrue(lines.get(0).startsWith("# energy4j energy profile in millijoules (mJ) per call path: "),
                lines.get(0));
        long sum = 0;
        Pattern line = Pattern.compile("(\\S[^ ]*(?:;[^ ;]+)*) ([0-9]+)");
        for (String l : lines.subList(1, lines.size())) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), "frame;frame;frame <integer mJ>: " + l);
            sum += Long.parseLong(m.group(2));
        }
        assertEquals(Math.round(json.number("joules") * 1000), sum, "the lines add up to the attributed energy");
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*SplitWorkload\\.work;"
                + "io\\.github\\.energy4j\\.profiler\\.workload\\.SplitWorkload\\.heavy [0-9]+")), "a full call path");
    }

    @Test
    void shouldStateProvenanceIntervalSamplesAndCoverageInEveryOutput() throws IOException {
        String statement = json.fields().get("statement");
        assertTrue(statement.matches("energy (measured|estimated); sampling interval 2ms; samples [0-9]+; coverage "
                + "[0-9.]+% of [0-9.]+ CPU-seconds; CPU energy [0-9.]+ J over [0-9.]+ s; GPU energy .+"), statement);
        assertTrue(statement.contains("samples " + json.fields().get("samples") + ";"), statement);
        double coverage = json.number("coverage");
        assertTrue(coverage > 0 && coverage <= 1, "coverage " + coverage);
        assertEquals(json.number("sampledCpuSeconds") / json.number("cpuSeconds"), coverage, 1e-5);
        assertTrue(Files.readAllLines(dir.resolve("energy.collapsedstack.txt")).get(0).endsWith(statement));
        assertTrue(Files.readAllLines(dir.resolve("energy.csv")).get(0).endsWith(statement));
        String html = Files.readString(dir.resolve("energy.html"));
        assertTrue(html.contains("<p class=\"statement\">" + statement + "</p>"), "the HTML states it too");
        assertEquals(json.fields().get("provenance"), statement.substring(7, statement.indexOf(';')));
    }

    @Test
    void shouldWriteJsonAndCsvTablesThatAgreeRowForRow() throws IOException {
        List<String> csv = Files.readAllLines(dir.resolve("energy.csv"));
        assertEquals("method,selfJoules,totalJoules,share,samples", csv.get(1));
        assertEquals(json.methods().size(), csv.size() - 2);
        for (int i = 0; i < json.methods().size(); i++) {
            ProfileJson.Row r = json.methods().get(i);
            String[] f = csv.get(i + 2).split(",");
            assertEquals(r.method(), f[0]);
            assertEquals(r.selfJoules(), Double.parseDouble(f[1]), 1e-6);
            assertEquals(r.totalJoules(), Double.parseDouble(f[2]), 1e-6);
            assertEquals(r.samples(), Long.parseLong(f[4]));
            assertTrue(i == 0 || r.selfJoules() <= json.methods().get(i - 1).selfJoules(), "by self energy");
        }
        double share = 0;
        for (ProfileJson.Row r : json.methods()) {
            share += r.share();
        }
        assertTrue(share <= 1.0 + 1e-5 && share > 0.9, "the top 100 hold nearly all the energy: " + share);
    }

    @Test
    void shouldSayWhatItDoesInTwoLinesOnStderrAndNothingElse() {
        List<String> lines = run.stderr().lines().toList();
        assertEquals(2, lines.size(), run.stderr());
        assertTrue(lines.get(0).matches("energy4j-profiler: profiling pid [0-9]+ every 2ms until the JVM exits; energy "
                + "(measured|estimated); writing energy.html"), lines.get(0));
        assertTrue(lines.get(1).startsWith("energy4j-profiler: the JVM is exiting; wrote " + dir.resolve(
                "energy.collapsedstack.txt").toAbsolutePath()), lines.get(1));
        assertFalse(run.stderr().contains("SLF4J"), "the relocated logging has its provider");
    }

    @Test
    void shouldDrawTheFlameGraphInHeadlessChromium() throws Exception {
        Optional<Path> chromium = onPath("chromium");
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not on PATH: install the Debian package "
                + "'chromium' (CI's .ci/run does) to check that the flame graph renders");
        Path page = dir.resolve("energy.html");
        String dom = chromium(chromium.get(), "--dump-dom", page);
        // every drawn box: <g class="f" data-node=".."><title>NAME: ...</title><rect x=".." y=".." width=".." ...
        Matcher m = Pattern.compile("<g class=\"f\" data-node=\"[0-9]+\"><title>([^<]*?): [^<]*</title><rect x=\"[0-9.]+\" "
                + "y=\"[0-9.]+\" width=\"([0-9.]+)\"").matcher(dom);
        Map<String, Double> width = new HashMap<>();
        int boxes = 0;
        while (m.find()) {
            width.merge(m.group(1).substring(m.group(1).lastIndexOf('.') + 1), Double.parseDouble(m.group(2)),
                    Double::sum);
            boxes++;
        }
        assertTrue(boxes >= 8, "the script drew the boxes: " + boxes + " in " + dom.length() + " chars of DOM");
        double heavy = width.getOrDefault("heavy", 0.0);
        double light = width.getOrDefault("light", 0.0);
        double drawn = heavy / (heavy + light);
        double data = json.method("heavy").totalJoules()
                / (json.method("heavy").totalJoules() + json.method("light").totalJoules());
        assertEquals(data, drawn, 0.01, "widths drawn in proportion to energy: " + width);

        Path png = dir.resolve("flamegraph.png");
        chromium(chromium.get(), "--screenshot=" + png, page);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        int flame = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 200 && b < 140 && r > g) {
                    flame++;
                }
            }
        }
        assertTrue(flame > img.getWidth() * img.getHeight() / 50, "flame-coloured pixels: " + flame);
        String keep = System.getProperty("energy4j.profiler.screenshot");
        if (keep != null) {
            Files.copy(png, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void shouldLetTheApplicationRunUnprofiledAndSayWhyInOneLineWhenAnOptionIsBad() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        ChildJvm.Result r = ChildJvm.run(ChildJvm.java(), bad, "intervl=10ms", SplitWorkload.class.getName(),
                List.of("--threads", "1", "--seconds", "0.2"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("ops="), r.stdout());
        assertEquals("energy4j-profiler: unknown option 'intervl' (known: collapsed, csv, duration, interval, json, "
                + "native, output, source, top, window); the application runs without the profiler", r.stderr().strip());
        try (var files = Files.list(bad)) {
            assertEquals(List.of("child.err", "child.out"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void shouldWriteTheFilesWhenTheDurationEndsWhileTheApplicationRuns() throws Exception {
        Path timed = Files.createDirectories(dir.resolve("timed"));
        // the output directory must exist: here it does not, so the profile refuses to start and says why
        ChildJvm.Result r = ChildJvm.run(ChildJvm.java(), timed, "duration=2s,output=out/p.html,collapsed=p.folded",
                SplitWorkload.class.getName(), List.of("--threads", "1", "--seconds", "0.5"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("energy4j-profiler: the directory of out/p.json does not exist; create it or choose another "
                + "path; the application runs without the profiler", r.stderr().strip());
        Files.createDirectories(timed.resolve("out"));
        r = ChildJvm.run(ChildJvm.java(), timed, "duration=2s,output=out/p.html,collapsed=p.folded",
                SplitWorkload.class.getName(), List.of("--threads", "1", "--seconds", "5", "--await-profiler"), 90);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("energy4j-profiler: the duration has passed; wrote "), r.stderr());
        assertTrue(Files.isRegularFile(timed.resolve("p.folded")), "collapsed=F2 names the collapsed file");
        for (String f : List.of("out/p.html", "out/p.json", "out/p.csv")) {
            assertTrue(Files.isRegularFile(timed.resolve(f)), f);
        }
        double duration = ProfileJson.read(timed.resolve("out/p.json")).number("durationSeconds");
        assertTrue(duration >= 1.9 && duration < 3.5, "profiled for the duration, not until the exit: " + duration);
    }

    @Test
    void shouldSplitTheEnergyOfVirtualThreadsThroughTheirCarriers() throws Exception {
        Optional<Path> java21 = ChildJvm.java21();
        Assumptions.assumeTrue(java21.isPresent(), "virtual threads need a JDK 21+: set JDK21_HOME (CI does)");
        Path vt = Files.createDirectories(dir.resolve("virtual"));
        ChildJvm.Result r = ChildJvm.run(java21.get(), vt, OPTIONS, SplitWorkload.class.getName(),
                List.of("--threads", "2", "--seconds", "8", "--await-profiler", "--virtual"), 90);
        assertEquals(0, r.exitCode(), r.stderr());
        ProfileJson vj = ProfileJson.read(vt.resolve("energy.json"));
        double heavy = vj.method("SplitWorkload.heavy").totalJoules();
        double light = vj.method("SplitWorkload.light").totalJoules();
        assertTrue(vj.number("samples") >= 400, "too few samples: " + vj.fields());
        assertEquals(0.75, heavy / (heavy + light), 0.05, "heavy " + heavy + " J, light " + light + " J");
        assertTrue(Files.readString(vt.resolve("energy.collapsedstack.txt"))
                .contains("java.lang.VirtualThread.run;"), "virtual threads' own stacks");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs headless Chromium on {@code page} with {@code flag}; returns its stdout. */
    private String chromium(Path chromium, String flag, Path page) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1200,800", flag, page.toUri().toString()));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
