package io.github.energy4j.junit;

import io.github.energy4j.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The end-of-run summary: the total, then the tests that used the most energy. Deterministic: the same
 * readings give the same text whatever order the tests finished in.
 * <pre>
 * energy4j: 12 tests, 3.456789 J (estimated), CPU time 1.234 s
 * top 2 by energy:
 *       1.234567 J  estimated      0.201 s  com.example.FooTest#shouldPrice()
 *       0.308642 J  estimated      0.050 s  com.example.FooTest#shouldShip()
 * </pre>
 * The total is the sum over the tests with a figure, and a line counts those without one. Tests are ordered by
 * joules (most first, those without a figure last), then by name and unique id.
 */
final class Summary {

    /** Most joules first, NaN last, then name, then unique id. */
    static final Comparator<TestEnergy> ORDER = Comparator
            .comparing((TestEnergy t) -> Double.isNaN(t.joules()))
            .thenComparing(TestEnergy::joules, Comparator.reverseOrder())
            .thenComparing(TestEnergy::name)
            .thenComparing(TestEnergy::uniqueId);

    private Summary() {
    }

    /**
     * The summary text, lines ending in {@code \n}.
     *
     * @param tests     every metered test
     * @param unmetered tests that ran without a meter
     * @param reason    why there was no meter (null when there was one)
     * @param top       how many tests to list
     */
    static String format(List<TestEnergy> tests, int unmetered, String reason, int top) {
        StringBuilder sb = new StringBuilder();
        if (reason != null) {
            sb.append("energy4j: ").append(unmetered).append(unmetered == 1 ? " test" : " tests")
                    .append(" not metered: ").append(reason).append('\n');
            return sb.toString();
        }
        List<TestEnergy> sorted = new ArrayList<>(tests);
        sorted.sort(ORDER);
        double total = 0;
        long cpuNanos = 0;
        int unavailable = 0;
        Provenance provenance = Provenance.UNAVAILABLE;
        for (TestEnergy t : sorted) {
            cpuNanos += t.reading().cpuTime().toNanos();
            if (Double.isNaN(t.joules())) {
                unavailable++;
            } else {
                total += t.joules();
                provenance = provenance.and(t.provenance());
            }
        }
        int n = sorted.size();
        sb.append("energy4j: ").append(n).append(n == 1 ? " test, " : " tests, ")
                .append(TestEnergy.joules(unavailable == n ? Double.NaN : total)).append(" J (").append(provenance)
                .append("), CPU time ").append(seconds(cpuNanos)).append(" s\n");
        if (unavailable > 0) {
            sb.append(unavailable).append(unavailable == 1 ? " test has" : " tests have")
                    .append(" no energy figure (unavailable)\n");
        }
        int shown = Math.min(top, n);
        if (shown > 0) {
            sb.append("top ").append(shown).append(" by energy:\n");
            for (int i = 0; i < shown; i++) {
                TestEnergy t = sorted.get(i);
                sb.append(String.format(Locale.ROOT, "%14s J  %-11s %10s s  %s\n", TestEnergy.joules(t.joules()),
                        t.provenance(), seconds(t.reading().cpuTime().toNanos()), t.name()));
            }
        }
        return sb.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos * 1e-9);
    }
}
