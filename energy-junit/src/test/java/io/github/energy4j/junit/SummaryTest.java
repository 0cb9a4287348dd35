package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    private static TestEnergy test(String name, double joules, Provenance source, long cpuMillis) {
        return new TestEnergy(name, "[test:" + name + "]", new EnergyReading(name, joules, 0,
                Duration.ofMillis(cpuMillis), Duration.ofMillis(cpuMillis + 5), source, Double.NaN, Provenance.MEASURED));
    }

    @Test
    void shouldListTheTopTestsByJoulesWithTiesByNameAndTestsWithoutAFigureLast() {
        List<TestEnergy> tests = new ArrayList<>(List.of(
                test("B#b()", 0.5, Provenance.MEASURED, 100),
                test("C#nan()", Double.NaN, Provenance.UNAVAILABLE, 300),
                test("A#a()", 0.5, Provenance.MEASURED, 100),
                test("D#big()", 2.25, Provenance.ESTIMATED, 400),
                test("E#small()", 0.125, Provenance.MEASURED, 25)));
        String expected = "energy4j: 5 tests, 3.375000 J (estimated), CPU time 0.925 s\n"
                + "1 test has no energy figure (unavailable)\n"
                + "top 4 by energy:\n"
                + "      2.250000 J  estimated        0.400 s  D#big()\n"
                + "      0.500000 J  measured         0.100 s  A#a()\n"
                + "      0.500000 J  measured         0.100 s  B#b()\n"
                + "      0.125000 J  measured         0.025 s  E#small()\n";
        assertEquals(expected, Summary.format(tests, 0, null, 4));
        java.util.Collections.reverse(tests);
        assertEquals(expected, Summary.format(tests, 0, null, 4), "the order the tests finished in does not matter");
        assertTrue(Summary.format(tests, 0, null, 10).endsWith("           NaN J  unavailable      0.300 s  C#nan()\n"));
        assertEquals("energy4j: 5 tests, 3.375000 J (estimated), CPU time 0.925 s\n"
                + "1 test has no energy figure (unavailable)\n", Summary.format(tests, 0, null, 0));
    }

    @Test
    void shouldSayWhyNothingWasMeteredWithoutAMeter() {
        assertEquals("energy4j: 3 tests not metered: procfs root /proc is not a directory\n",
                Summary.format(List.of(), 3, "procfs root /proc is not a directory", 10));
    }

    @Test
    void shouldWriteTheSummaryOfTheRunToTheConfiguredFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reports/energy.txt");
        Kit kit = Kit.run(MeteringFixtures.ForTheSummary.class, Settings.SUMMARY_FILE, file.toString(),
                Settings.SUMMARY_TOP, "3");
        assertEquals(3, kit.results.testEvents().succeeded().count());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(5, lines.size(), String.join("\n", lines));

        String cls = MeteringFixtures.ForTheSummary.class.getName();
        List<Map<String, String>> entries = kit.testEntries();
        double total = 0;
        Duration cpu = Duration.ZERO;
        for (Map<String, String> e : entries) {
            total += Kit.joules(e);
            cpu = cpu.plus(Kit.cpuTime(e));
        }
        String provenance = kit.entry("burn240()").get(EnergyExtension.PROVENANCE);
        Matcher first = Pattern.compile("energy4j: 4 tests, (\\S+) J \\((\\w+)\\), CPU time (\\S+) s")
                .matcher(lines.get(0));
        assertTrue(first.matches(), lines.get(0));
        // the total of the unrounded figures; the entries are rounded to a microjoule each
        assertEquals(total, Double.parseDouble(first.group(1)), 5e-6, lines.get(0));
        assertEquals(provenance, first.group(2));
        assertEquals(String.format(Locale.ROOT, "%.3f", cpu.toNanos() * 1e-9), first.group(3));
        assertEquals("top 3 by energy:", lines.get(1));
        assertEquals(line(kit, "burn240()", cls), lines.get(2));
        assertEquals(line(kit, "burn120()", cls), lines.get(3));
        assertEquals(line(kit, "failing()", cls), lines.get(4), "a failed test is metered too");
    }

    @Test
    void shouldPrintTheSummaryOnSystemOutUnlessTurnedOff(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("energy.txt");
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Kit.run(MeteringFixtures.Burns.class, Settings.SUMMARY, "true", Settings.SUMMARY_FILE, file.toString());
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("energy4j: 3 tests, "), text);
        assertTrue(text.contains("\ntop 3 by energy:\n"), text);
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), text, "the file holds what was printed");

        printed.reset();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Kit.run(MeteringFixtures.Burns.class, Settings.SUMMARY, "false");
        } finally {
            System.setOut(original);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    private static String line(Kit kit, String test, String cls) {
        Map<String, String> e = kit.entry(test);
        return String.format(Locale.ROOT, "%14s J  %-11s %10.3f s  %s#%s", e.get(EnergyExtension.JOULES),
                e.get(EnergyExtension.PROVENANCE), Kit.cpuTime(e).toNanos() * 1e-9, cls, test);
    }
}
