package io.github.energy4j.junit;

import io.github.energy4j.Provenance;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The energy of a test class: the sum over the tests metered in it and in its {@code @Nested} classes.
 * Tests that have no figure (unavailable) are counted but add nothing. Thread-safe: tests of one class may
 * finish on several threads at once.
 */
final class ClassEnergy {

    private double joules;
    private double gpuJoules;
    private long cpuNanos;
    private int tests;
    private int unavailable;
    private Provenance provenance = Provenance.UNAVAILABLE;

    synchronized void add(TestEnergy test) {
        tests++;
        cpuNanos += test.reading().cpuTime().toNanos();
        double j = test.joules();
        if (Double.isNaN(j)) {
            unavailable++;
            return;
        }
        joules += j;
        gpuJoules += test.reading().gpuJoules();
        provenance = provenance.and(test.provenance());
    }

    /** A test that ran without a meter (none could be opened). */
    synchronized void addUnmetered() {
        tests++;
        unavailable++;
    }

    /** CPU plus GPU joules of the tests with a figure; NaN when none has one. */
    synchronized double joules() {
        return tests == unavailable ? Double.NaN : joules;
    }

    /** The report entry of the class. */
    synchronized Map<String, String> reportEntry() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EnergyExtension.JOULES, TestEnergy.joules(joules()));
        m.put(EnergyExtension.PROVENANCE, provenance.toString());
        m.put(EnergyExtension.CPU_TIME, Duration.ofNanos(cpuNanos).toString());
        m.put(EnergyExtension.GPU_JOULES, TestEnergy.joules(tests == unavailable ? Double.NaN : gpuJoules));
        m.put(EnergyExtension.TESTS, Integer.toString(tests));
        m.put(EnergyExtension.UNAVAILABLE_TESTS, Integer.toString(unavailable));
        return m;
    }
}
