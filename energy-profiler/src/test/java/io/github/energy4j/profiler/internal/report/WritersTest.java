package io.github.energy4j.profiler.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.profiler.internal.ProfilerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritersTest {

    @TempDir
    Path tmp;

    @Test
    void shouldWriteCollapsedStacksInWholeMillijoulesThatSumToTheProfilesEnergy() {
        assertEquals("# energy4j energy profile in millijoules (mJ) per call path: " + Profiles.STATEMENT + "\n"
                + "[energy4j-profiler+jfr] 1000\n"
                + "[jvm:gc+jit+vm-threads] 2000\n"
                + "app.Main.main;app.Worker.work;app.Encoder.<init> 2000\n"
                + "app.Main.main;app.Worker.work;app.Parser.parse 4000\n"
                + "app.Main.main;app.Worker.work;app.Parser.parse;app.Worker.work 1000\n",
                CollapsedStacks.format(Profiles.sample()));
    }

    @Test
    void shouldWriteTheTopMethodsAsCsvWithTheStatement() {
        assertEquals("# energy4j energy profile, top 5 of 6 methods by self energy: " + Profiles.STATEMENT + "\n"
                + "method,selfJoules,totalJoules,share,samples\n"
                + "app.Parser.parse,4.000000,5.000000,0.400000,2\n"
                + "[jvm:gc+jit+vm-threads],2.000400,2.000400,0.200040,0\n"
                + "app.Encoder.<init>,2.000000,2.000000,0.200000,1\n"
                + "app.Worker.work,1.000000,7.000000,0.100000,1\n"
                + "[energy4j-profiler+jfr],0.999600,0.999600,0.099960,0\n",
                CsvReport.format(Profiles.sample(), 5));
    }

    @Test
    void shouldQuoteACsvFieldThatHoldsACommaOrAQuote() {
        EnergyProfile p = new EnergyProfile(new String[] {"", "odd,name\"x"}, new int[] {-1, 0}, new double[] {0, 1},
                new long[] {0, 1}, Profiles.sample().summary());
        assertTrue(CsvReport.format(p, 1).endsWith("\n\"odd,name\"\"x\",1.000000,1.000000,1.000000,1\n"),
                CsvReport.format(p, 1));
    }

    @Test
    void shouldWriteTheTopMethodsAsJsonWithEveryFigureOfTheProfile() {
        assertEquals("{\n"
                + "  \"format\": \"energy4j-profile/1\",\n"
                + "  \"statement\": \"" + Profiles.STATEMENT + "\",\n"
                + "  \"provenance\": \"estimated\",\n"
                + "  \"samplingIntervalMillis\": 10,\n"
                + "  \"windowMillis\": 1000,\n"
                + "  \"samples\": 4,\n"
                + "  \"coverage\": 0.700000,\n"
                + "  \"joules\": 10.000000,\n"
                + "  \"gpuJoules\": null,\n"
                + "  \"gpuProvenance\": \"unavailable\",\n"
                + "  \"cpuSeconds\": 1.000000,\n"
                + "  \"sampledCpuSeconds\": 0.700000,\n"
                + "  \"durationSeconds\": 5.000,\n"
                + "  \"windows\": 5,\n"
                + "  \"unpricedWindows\": 0,\n"
                + "  \"lateSamples\": 0,\n"
                + "  \"pid\": 4242,\n"
                + "  \"application\": \"app.Main\",\n"
                + "  \"start\": \"2024-06-11T10:00:00Z\",\n"
                + "  \"methodsTotal\": 6,\n"
                + "  \"methods\": [\n"
                + "    {\"method\": \"app.Parser.parse\", \"selfJoules\": 4.000000, \"totalJoules\": 5.000000, "
                + "\"share\": 0.400000, \"samples\": 2},\n"
                + "    {\"method\": \"[jvm:gc+jit+vm-threads]\", \"selfJoules\": 2.000400, \"totalJoules\": 2.000400, "
                + "\"share\": 0.200040, \"samples\": 0},\n"
                + "    {\"method\": \"app.Encoder.\\u003cinit\\u003e\", \"selfJoules\": 2.000000, \"totalJoules\": "
                + "2.000000, \"share\": 0.200000, \"samples\": 1}\n"
                + "  ]\n"
                + "}\n", JsonReport.format(Profiles.sample(), 3));
    }

    @Test
    void shouldEmbedOnlyTheNodesWithEnergyRenumberedParentsFirstInTheFlameGraphsData() {
        assertEquals("{\"unit\":\"mJ\",\"frames\":[\"app.Main.main\",\"app.Worker.work\",\"app.Parser.parse\","
                + "\"app.Encoder.\\u003cinit\\u003e\",\"[jvm:gc+jit+vm-threads]\",\"[energy4j-profiler+jfr]\"],"
                + "\"nodes\":[[-1,-1,0],[0,0,0.000],[1,1,0.000],[2,2,4000.000],[3,2,2000.000],[1,3,1000.000],"
                + "[4,0,2000.400],[5,0,999.600]]}", FlameGraphHtml.data(Profiles.sample()));
    }

    @Test
    void shouldWriteASelfContainedPageWithTheStatementTheTableAndOurOwnScript() throws Exception {
        String page = FlameGraphHtml.format(Profiles.sample());
        assertTrue(page.startsWith("<!DOCTYPE html>\n"), page);
        assertTrue(page.contains("<title>Energy flame graph: app.Main (pid 4242)</title>"), page);
        assertTrue(page.contains("<p class=\"statement\">" + Profiles.STATEMENT + "</p>"), page);
        assertTrue(page.contains("<tr><td>app.Encoder.&lt;init&gt;</td><td>2.000</td><td>2.000</td><td>20.0%</td>"
                + "<td>1</td></tr>"), page);
        assertTrue(page.contains("<script type=\"application/json\" id=\"profile-data\">"
                + FlameGraphHtml.data(Profiles.sample()) + "</script>"), page);
        String js = new String(FlameGraphHtml.class.getResourceAsStream("flamegraph.js").readAllBytes(),
                StandardCharsets.UTF_8).strip();
        assertTrue(page.contains("<script>\n" + js + "\n</script>"), "the renderer is inlined");
        assertFalse(page.contains("{{"), "every placeholder is filled");
        for (String external : List.of(" src=", "<link", "@import", "url(", "fetch(", "XMLHttpRequest")) {
            assertFalse(page.contains(external), "no network: " + external);
        }
        assertEquals(1, page.split("</script>", -1).length - 2, "the data cannot close its script element early");
    }

    @Test
    void shouldFillEveryPlaceholderInOnePassWithoutScanningTheValues() {
        assertEquals("a{{y}}bY", FlameGraphHtml.fill("a{{x}}b{{y}}", Map.of("x", "{{y}}", "y", "Y")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FlameGraphHtml.fill("{{nope}}", Map.of()));
        assertEquals("no value for {{nope}} in the page template", e.getMessage());
    }

    @Test
    void shouldWriteTheFourFilesTheOptionsNameWithTheHtmlLast() throws Exception {
        ProfilerOptions o = ProfilerOptions.parse("output=" + tmp.resolve("e.html") + ",top=2");
        List<Path> written = ProfileFiles.write(Profiles.sample(), o);
        assertEquals(List.of(tmp.resolve("e.collapsedstack.txt"), tmp.resolve("e.json"), tmp.resolve("e.csv"),
                tmp.resolve("e.html")), written);
        assertEquals(CollapsedStacks.format(Profiles.sample()), Files.readString(written.get(0)));
        assertEquals(JsonReport.format(Profiles.sample(), 2), Files.readString(written.get(1)));
        assertEquals(CsvReport.format(Profiles.sample(), 2), Files.readString(written.get(2)));
        assertEquals(FlameGraphHtml.format(Profiles.sample()), Files.readString(written.get(3)));
        try (var files = Files.list(tmp)) {
            assertEquals(4, files.count(), "no temporary file is left");
        }
    }

    @Test
    void shouldNameTheFileItCannotWrite() {
        ProfilerOptions o = ProfilerOptions.parse("output=" + tmp.resolve("missing/e.html"));
        Exception e = assertThrows(java.io.IOException.class, () -> ProfileFiles.write(Profiles.sample(), o));
        assertTrue(e.getMessage().startsWith("cannot write " + tmp.resolve("missing/e.collapsedstack.txt")),
                e.getMessage());
    }
}
