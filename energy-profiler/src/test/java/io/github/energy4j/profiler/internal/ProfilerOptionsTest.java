package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProfilerOptionsTest {

    @Test
    void shouldUseTheDocumentedDefaultsForAnEmptyOptionString() {
        ProfilerOptions o = ProfilerOptions.parse("");
        assertEquals(Duration.ofMillis(20), o.interval());
        assertEquals(Duration.ofSeconds(1), o.window());
        assertEquals(Duration.ZERO, o.duration(), "until the JVM exits");
        assertEquals(Path.of("energy4j-profile.html"), o.output());
        assertEquals(Path.of("energy4j-profile.collapsedstack.txt"), o.collapsed());
        assertEquals(Path.of("energy4j-profile.json"), o.json());
        assertEquals(Path.of("energy4j-profile.csv"), o.csv());
        assertEquals(100, o.top());
        assertTrue(o.nativeSamples());
        assertEquals(List.of(), o.sources());
        assertEquals(o, ProfilerOptions.parse(null));
    }

    @Test
    void shouldNameTheOtherFilesAfterTheHtmlFileUnlessTheyAreGiven() {
        ProfilerOptions o = ProfilerOptions.parse("interval=10ms,output=/tmp/x/energy.html");
        assertEquals(Duration.ofMillis(10), o.interval());
        assertEquals(Path.of("/tmp/x/energy.collapsedstack.txt"), o.collapsed());
        assertEquals(Path.of("/tmp/x/energy.json"), o.json());
        assertEquals(Path.of("/tmp/x/energy.csv"), o.csv());
        ProfilerOptions given = ProfilerOptions.parse("output=a/F.HTM,collapsed=b/F2,csv=c.csv");
        assertEquals(Path.of("b/F2"), given.collapsed());
        assertEquals(Path.of("a/F.json"), given.json());
        assertEquals(Path.of("c.csv"), given.csv());
        assertEquals(Path.of("prof.json"), ProfilerOptions.parse("output=prof").json(), "no .html: the whole name");
        assertEquals(List.of(o.collapsed(), o.json(), o.csv(), o.output()), o.outputs(), "the HTML last");
    }

    @Test
    void shouldReadEveryOptionAndBackFromItsAgentArguments() {
        ProfilerOptions o = ProfilerOptions.parse(" interval=5ms , window=2s,duration=1.5m,output=o.html,collapsed=c.txt,"
                + "json=j.json,csv=v.csv,top=7,native=FALSE,source=rapl,source=model");
        assertEquals(Duration.ofMillis(5), o.interval());
        assertEquals(Duration.ofSeconds(2), o.window());
        assertEquals(Duration.ofSeconds(90), o.duration());
        assertEquals(7, o.top());
        assertFalse(o.nativeSamples());
        assertEquals(List.of("rapl", "model"), o.sources());
        assertEquals("interval=5ms,window=2s,duration=90s,output=o.html,collapsed=c.txt,json=j.json,csv=v.csv,top=7,"
                + "native=false,source=rapl,source=model", o.toAgentArgs());
        assertEquals(o, ProfilerOptions.parse(o.toAgentArgs()));
    }

    @Test
    void shouldMakeEveryPathAbsoluteForAnotherJvm() {
        ProfilerOptions o = ProfilerOptions.parse("output=out/e.html").resolvedAgainst(Path.of("/srv/app"));
        assertEquals(Path.of("/srv/app/out/e.html"), o.output());
        assertEquals(Path.of("/srv/app/out/e.json"), o.json());
    }

    @Test
    void shouldRefuseAPathWithACommaWhenItWritesAgentArguments() {
        ProfilerOptions o = ProfilerOptions.defaults().resolvedAgainst(Path.of("/tmp/a,b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::toAgentArgs);
        assertEquals("output path '/tmp/a,b/energy4j-profile.html' contains a comma, which separates the agent's "
                + "options; choose a path without one", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "intervl=10ms | unknown option 'intervl' (known: collapsed, csv, duration, interval, json, native, output, "
                + "source, top, window)",
        "interval | option 'interval' needs a value, e.g. interval=10ms",
        "output= | option 'output' needs a value, e.g. output=energy.html",
        "interval=10ms,,top=5 | empty option in 'interval=10ms,,top=5' (options are key=value pairs separated by "
                + "single commas, e.g. interval=10ms,output=energy.html)",
        "interval=0ms | interval=0ms is out of range: use 1ms to 1s (e.g. interval=10ms)",
        "interval=2s | interval=2s is out of range: use 1ms to 1s (e.g. interval=10ms)",
        "interval=abc | interval=abc is not a duration (e.g. 500ms, 10s, 5m; interval=10ms)",
        "interval=10 | interval=10 is not a duration (e.g. 500ms, 10s, 5m; interval=10ms)",
        "interval=1.5ms | interval=1.5ms is not a whole number of milliseconds (e.g. interval=10ms)",
        "interval=10ms,interval=20ms | option 'interval' is given twice",
        "window=50ms | window=50ms is out of range: use 100ms to 10s (e.g. window=1s)",
        "interval=500ms,window=200ms | window=200ms is shorter than interval=500ms: each window needs samples "
                + "(e.g. window=1s)",
        "duration=500ms | duration=500ms is out of range: use 1s to 30d (e.g. duration=30s)",
        "top=0 | top=0 must be a whole number from 1 to 1000000 (e.g. top=100)",
        "top=many | top=many must be a whole number from 1 to 1000000 (e.g. top=100)",
        "native=yes | native=yes must be true or false",
        "source=r a p l | source='r a p l' is not a source id (e.g. source=rapl; 'energy4j doctor' lists them)",
    })
    void shouldRefuseABadOptionWithOneLineNamingItAndAValidExample(String options, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfilerOptions.parse(options));
        assertEquals(message.strip(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
