package io.github.energy4j.agent.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.Main;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.spi.GridIntensity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarbonCommandTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(Map<String, String> env, String... args) {
        List<String> line = new ArrayList<>(List.of("carbon"));
        line.addAll(List.of(args));
        return Main.run(line, out, err, env);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintRegionIntensityPueAndProvenanceAsTable() {
        assertEquals(0, run(Map.of(), "--region", "aws:us-east-1"));
        String o = out();
        assertTrue(o.contains("379.069 g CO2e/kWh"), o);
        assertTrue(o.contains("1.135"), o);
        assertTrue(o.contains("direct"), o);
        assertTrue(o.contains("2020"), o);
        assertEquals("", err());
    }

    @Test
    void shouldPrintJsonWhenFormatIsJsonWithEqualsSyntax() {
        assertEquals(0, run(Map.of(), "--country=FR", "--format=json"));
        String o = out().trim();
        assertTrue(o.startsWith("{\"zone\":\"FRA\",\"gramsPerKwh\":56.039,"), o);
        assertTrue(o.contains("\"estimated\":false"), o);
        assertTrue(o.contains("\"datasetYear\":2023"), o);
    }

    @Test
    void shouldPrintAlibabaHangzhouAsJsonWithItsSource() {
        assertEquals(0, run(Map.of(), "--region", "alibaba:cn-hangzhou", "--format", "json"));
        String o = out().trim();
        assertTrue(o.startsWith("{\"zone\":\"alibaba:cn-hangzhou\",\"gramsPerKwh\":561.7,\"pue\":1.2,"), o);
        assertTrue(o.contains("\"datasetYear\":2022"), o);
        assertTrue(o.contains("MEE/NBS"), o);
        assertTrue(o.contains("\"estimated\":false"), o);
    }

    @Test
    void shouldKeepPlainSharedRegionIdsOnAwsAndNameAlibabaInTheUnknownRegionError() {
        assertEquals(0, run(Map.of(), "--region", "us-east-1", "--format", "json"));
        assertTrue(out().contains("\"zone\":\"aws:us-east-1\""), out());
        assertEquals(2, run(Map.of(), "--region", "alibaba:cn-nowhere"));
        assertTrue(err().startsWith("energy4j carbon: unknown cloud region 'alibaba:cn-nowhere'"), err());
        assertTrue(err().contains("alibaba:"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void shouldSayThatNoForecastExistsWhenAskedForABestWindowWithEmbeddedDataOnly() {
        assertEquals(2, run(Map.of(), "--best-window", "--duration", "2h", "--within", "24h", "--region",
                "alibaba:cn-hangzhou"));
        assertEquals("energy4j carbon: no forecast exists for alibaba:cn-hangzhou with --provider embedded (it holds "
                + "one figure per zone, not a forecast); use --provider electricitymaps|watttime|ukgrid|carbon-aware-sdk\n",
                err());
        assertEquals("", out());
    }

    @Test
    void shouldRejectIncompleteBestWindowAndRankFlagsInOneLine() {
        String[][] bad = {{"--best-window", "--duration", "2h"}, {"--duration", "2h"},
            {"--best-window", "--duration", "2x", "--within", "1d"}, {"--best-window", "--duration", "3h", "--within",
                "2h"}, {"--rank", ","}, {"--rank", "aws:eu-west-1", "--region", "FR"}, {"--best-window", "--rank", "FR"}};
        String[] expected = {"--best-window needs --duration (e.g. 2h) and --within (e.g. 24h)",
            "--duration and --within go with --best-window",
            "invalid value for option '--duration': '2x' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
            "--duration PT3H is longer than --within PT2H",
            "--rank needs regions, e.g. --rank aws:eu-north-1,gcp:europe-west1",
            "--rank takes the regions itself; drop --region/--country/--intensity",
            "use --best-window or --rank, not both"};
        for (int i = 0; i < bad.length; i++) {
            errBytes.reset();
            assertEquals(2, run(Map.of(), bad[i]), String.join(" ", bad[i]));
            assertEquals("energy4j carbon: " + expected[i] + "\n", err());
        }
    }

    @Test
    void shouldRankRegionsByIntensityTimesPueWithProvenancePerRow() {
        assertEquals(0, run(Map.of(), "--rank", "alibaba:cn-hangzhou,gcp:europe-north1,alibaba:cn-chengdu,FR,aws:unknown",
                "--format", "json"), err());
        String o = out();
        // FR 56.039 x 1; europe-north1 127 x 1.09 = 138.43; cn-chengdu 140.4 x 1.2 = 168.48; AWS average
        // 392.78 x 1.135 = 445.81 (the cloud-wide average, estimated); cn-hangzhou 561.7 x 1.2 = 674.04
        int fr = o.indexOf("\"region\":\"FR\"");
        int fi = o.indexOf("\"region\":\"gcp:europe-north1\"");
        int cd = o.indexOf("\"region\":\"alibaba:cn-chengdu\"");
        int aws = o.indexOf("\"region\":\"aws:unknown\"");
        int hz = o.indexOf("\"region\":\"alibaba:cn-hangzhou\"");
        assertTrue(fr > 0 && fr < fi && fi < cd && cd < aws && aws < hz, o);
        assertTrue(o.contains("\"rank\":3,\"region\":\"alibaba:cn-chengdu\",\"gramsPerKwh\":140.4,\"pue\":1.2,"), o);
        assertTrue(o.contains("\"note\":\"cloud-wide average of listed regions\""), o);
        assertTrue(o.contains("\"estimated\":true"), o);
        assertTrue(o.contains("MEE/NBS"), o);
        outBytes.reset();
        assertEquals(2, run(Map.of(), "--rank", "alibaba:cn-hangzhou,aws:nowhere-1"));
        assertTrue(err().startsWith("energy4j carbon: unknown cloud region 'aws:nowhere-1'"), err());
        assertEquals("", out());
        assertEquals(0, run(Map.of(), "--rank", "alibaba:cn-hangzhou,alibaba:cn-chengdu,gcp:europe-north1"));
        List<String> lines = out().lines().toList();
        assertEquals(4, lines.size(), out());
        assertTrue(lines.get(1).contains("gcp:europe-north1") && lines.get(1).contains("embedded year not stated"),
                out());
        assertTrue(lines.get(2).startsWith("2    alibaba:cn-chengdu"), out());
        assertTrue(lines.get(2).contains("168.5  embedded 2022"), out());
        assertTrue(lines.get(3).startsWith("3    alibaba:cn-hangzhou"), out());
    }

    @Test
    void shouldExitTwoWithOneLineWhenCountryIsUnknown() {
        assertEquals(2, run(Map.of(), "--country", "ZZ"));
        String e = err();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("energy4j carbon: ") && e.contains("--list countries"), e);
        assertEquals("", out());
    }

    @Test
    void shouldExitTwoWhenRegionIsUnknownOrFlagIsBad() {
        assertEquals(2, run(Map.of(), "--region", "aws:mars-1"));
        assertTrue(err().startsWith("energy4j carbon: ") && err().contains("--list regions"), err());
        assertEquals(1, err().lines().count(), err());
        String[][] bad = {{"--intensity", "lots"}, {"--intensity", "-3"}, {"--bogus"}, {"--country", "FR",
            "--intensity", "100"}, {"--format", "xml"}, {"--region", " "}, {"--list"}};
        String[] expected = {"invalid value for option '--intensity': 'lots' is not a double",
            "--intensity must be a finite number >= 0.0, was -3.0",
            "unknown option '--bogus' (options: --best-window, --country, --duration, --format, --help, "
                + "--intensity, --list, --provider, --pue, --rank, --region, --version, --within, --zone)",
            "use only one of --region, --country, --intensity",
            "--format must be one of table, json, was 'xml'",
            "--region needs a non-empty value",
            "--list needs a value"};
        for (int i = 0; i < bad.length; i++) {
            errBytes.reset();
            assertEquals(2, run(Map.of(), bad[i]), String.join(" ", bad[i]));
            assertEquals("energy4j carbon: " + expected[i] + "\n", err());
        }
    }

    @Test
    void shouldUseFixedProviderWhenIntensityGiven() {
        assertEquals(0, run(Map.of(), "--intensity", "123.4", "--pue", "1.2"));
        assertTrue(out().contains("123.400 g CO2e/kWh"), out());
        assertTrue(out().contains("fixed"), out());
    }

    @Test
    void shouldPrintEmbeddedFallbackFlaggedWhenLiveProviderFails() {
        // nothing listens on port 9 of loopback: connection refused
        Map<String, String> env = Map.of("ENERGY4J_ELECTRICITYMAPS_TOKEN", "t", "ENERGY4J_ELECTRICITYMAPS_URL", "http://127.0.0.1:9/v3");
        assertEquals(0, run(env, "--country", "DE", "--provider", "electricitymaps", "--format", "json"));
        String o = out();
        assertTrue(o.contains("\"gramsPerKwh\":380.95"), o);
        assertTrue(o.contains("\"estimated\":true"), o);
        assertTrue(o.contains("electricitymaps zone DE unavailable"), o);
        assertFalse(o.contains("\"t\""));
    }

    @Test
    void shouldExitTwoNamingTheVariableWhenProviderLacksToken() {
        assertEquals(2, run(Map.of(), "--country", "DE", "--provider", "electricitymaps"));
        assertTrue(err().startsWith("energy4j carbon: electricitymaps: "), err());
        assertTrue(err().contains("ENERGY4J_ELECTRICITYMAPS_TOKEN"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void shouldListRegionIds() {
        assertEquals(0, run(Map.of(), "--list", "regions"));
        assertTrue(out().contains("aws:us-east-1"));
        assertTrue(out().contains("azure:westeurope"));
    }

    @Test
    void shouldBuildTheGridIntensityOfTheCarbonOptionsOfAnotherCommand() {
        CarbonOptions o = Cli.parse(new CarbonOptions(), List.of("--region", "eu-west-1"));
        assertTrue(o.given());
        GridIntensity g = o.gridIntensity(Map.of());
        assertEquals(278.6, g.gramsPerKwh(System.currentTimeMillis()), 1e-9);
        assertEquals(1.135, g.pue(), 1e-9);
        assertTrue(g.provenance().startsWith("embedded zone=aws:eu-west-1"), g.provenance());
        assertFalse(Cli.parse(new CarbonOptions(), List.of()).given());
        assertEquals("--region needs a value", assertThrows(UsageException.class,
                () -> Cli.parse(new CarbonOptions(), List.of("--region"))).getMessage());
        assertEquals("unknown --provider nope; one of: " + io.github.energy4j.carbon.providers.IntensityProviders.ids(),
                assertThrows(IllegalArgumentException.class, () -> Cli.parse(new CarbonOptions(),
                        List.of("--provider", "NoPe ")).gridIntensity(Map.of())).getMessage());
    }
}
