package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link Fixture} classes on a real Jupiter engine and reads what the extension reported. */
final class Kit {

    static final String FIXTURES = "energy4j.junit.test.fixtures";

    final EngineExecutionResults results;

    private Kit(EngineExecutionResults results) {
        this.results = results;
    }

    /**
     * Runs {@code fixture} with the summary off (unless {@code params} turns it on) and the given configuration
     * parameters, as key, value, key, value...
     */
    static Kit run(Class<?> fixture, String... params) {
        Map<String, String> p = new HashMap<>();
        p.put(FIXTURES, "run");
        p.put(Settings.SUMMARY, "false");
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Kit(EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameters(p).execute());
    }

    /** The one report entry published for the test or container with this display name. */
    Map<String, String> entry(String displayName) {
        List<Map<String, String>> found = entries(displayName);
        assertEquals(1, found.size(), "report entries of '" + displayName + "': " + found + "; all: " + all());
        return found.get(0);
    }

    List<Map<String, String>> entries(String displayName) {
        return results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .collect(Collectors.toList());
    }

    /** Every report entry, by the display name of its test or container. */
    Map<String, List<Map<String, String>>> all() {
        return results.allEvents().reportingEntryPublished().stream().collect(Collectors.groupingBy(
                e -> e.getTestDescriptor().getDisplayName(), Collectors.mapping(
                        e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs(), Collectors.toList())));
    }

    /** The entries of the tests (not containers). */
    List<Map<String, String>> testEntries() {
        return results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().isTest())
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .collect(Collectors.toList());
    }

    /** How the test with this display name ended. */
    TestExecutionResult result(String displayName) {
        List<Event> finished = results.testEvents().finished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
                .collect(Collectors.toList());
        assertEquals(1, finished.size(), "finished events of '" + displayName + "'");
        return finished.get(0).getRequiredPayload(TestExecutionResult.class);
    }

    /** The failure of the test with this display name; fails when it passed or was skipped. */
    Throwable failure(String displayName) {
        TestExecutionResult r = result(displayName);
        assertEquals(TestExecutionResult.Status.FAILED, r.getStatus(), displayName + ": " + r);
        return r.getThrowable().orElseThrow();
    }

    /** Asserts the test passed, showing its failure if not. */
    void assertPassed(String displayName) {
        TestExecutionResult r = result(displayName);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.getStatus(),
                () -> displayName + ": " + r.getThrowable().map(Kit::trace).orElse(r.toString()));
    }

    /** Asserts every test started passed, and that there were {@code count}. */
    void assertAllPassed(int count) {
        for (Event e : results.testEvents().finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.getStatus(), () -> e.getTestDescriptor()
                    .getDisplayName() + ": " + r.getThrowable().map(Kit::trace).orElse(r.toString()));
        }
        assertEquals(count, results.testEvents().succeeded().count(), "tests passed");
    }

    static double joules(Map<String, String> entry) {
        assertTrue(entry.containsKey(EnergyExtension.JOULES), "no joules in " + entry);
        return Double.parseDouble(entry.get(EnergyExtension.JOULES));
    }

    static Duration cpuTime(Map<String, String> entry) {
        return Duration.parse(entry.get(EnergyExtension.CPU_TIME));
    }

    private static String trace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
