package io.github.energy4j.junit;

import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The energy of one test invocation.
 *
 * @param name     the class name, {@code #}, and the display names from the method down to the invocation
 * @param uniqueId JUnit's unique id of the test
 * @param reading  the test's scope
 */
record TestEnergy(String name, String uniqueId, EnergyReading reading) {

    /** CPU plus GPU joules; NaN when unavailable. */
    double joules() {
        return reading.joules();
    }

    /** The reading's CPU provenance, made estimated by an estimated GPU share; unavailable stays unavailable. */
    Provenance provenance() {
        Provenance cpu = reading.source();
        if (cpu == Provenance.UNAVAILABLE || !(reading.gpuJoules() > 0)) {
            return cpu;
        }
        return cpu.and(reading.gpuSource());
    }

    /** The report entry of the test; {@code budgetJoules} NaN when no budget applies. */
    Map<String, String> reportEntry(double budgetJoules) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EnergyExtension.JOULES, joules(joules()));
        m.put(EnergyExtension.PROVENANCE, provenance().toString());
        m.put(EnergyExtension.CPU_TIME, reading.cpuTime().toString());
        m.put(EnergyExtension.GPU_JOULES, joules(reading.gpuJoules()));
        m.put(EnergyExtension.ELAPSED, reading.elapsed().toString());
        if (!Double.isNaN(budgetJoules)) {
            m.put(EnergyExtension.BUDGET_JOULES, Double.toString(budgetJoules));
        }
        return m;
    }

    /** Joules as the report entries and messages write them: six decimals (microjoules), or {@code NaN}. */
    static String joules(double j) {
        return Double.isNaN(j) ? "NaN" : String.format(Locale.ROOT, "%.6f", j);
    }

    /**
     * The test's name: its class, then the display names from the test method down to {@code context}
     * ({@code FooTest#add(int) > [2] 7} for a parameterized invocation).
     */
    static String nameOf(ExtensionContext context) {
        List<String> parts = new ArrayList<>();
        ExtensionContext c = context;
        while (!isClassLevel(c) && c.getParent().isPresent()) {
            parts.add(c.getDisplayName());
            c = c.getParent().get();
        }
        Collections.reverse(parts);
        String cls = isClassLevel(c) ? c.getRequiredTestClass().getName() : "";
        return cls + "#" + String.join(" > ", parts);
    }

    /** Whether {@code c} is a test class's context (not a method's, a dynamic test's or the engine's). */
    static boolean isClassLevel(ExtensionContext c) {
        return c.getTestClass().isPresent() && c.getTestMethod().isEmpty();
    }
}
