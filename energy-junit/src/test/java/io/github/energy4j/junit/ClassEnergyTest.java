package io.github.energy4j.junit;

import static io.github.energy4j.junit.Kit.cpuTime;
import static io.github.energy4j.junit.Kit.joules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A class's figures are the sums of its tests', whatever threads the tests ran on. */
class ClassEnergyTest {

    private static void assertClassIsTheSumOf(Map<String, String> cls, List<Map<String, String>> tests) {
        double joules = 0;
        Duration cpu = Duration.ZERO;
        for (Map<String, String> t : tests) {
            joules += joules(t);
            cpu = cpu.plus(cpuTime(t));
        }
        assertEquals(cpu, cpuTime(cls), "CPU time is summed exactly: " + cls + " over " + tests);
        // each figure is rounded to a microjoule
        assertEquals(joules, joules(cls), 1e-6 * (tests.size() + 1), cls + " over " + tests);
        assertEquals(Integer.toString(tests.size()), cls.get(EnergyExtension.TESTS));
        assertEquals("0", cls.get(EnergyExtension.UNAVAILABLE_TESTS));
        assertEquals(tests.get(0).get(EnergyExtension.PROVENANCE), cls.get(EnergyExtension.PROVENANCE));
    }

    @Test
    void shouldReportAClassAsTheSumOfItsTestsRunInParallelOnFourThreads() {
        ParallelFixtures.THREADS.clear();
        ParallelFixtures.together = new CountDownLatch(4);
        Kit kit = Kit.run(ParallelFixtures.Concurrent.class,
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        kit.assertAllPassed(8); // the first four waited for each other: four ran at once
        assertTrue(ParallelFixtures.THREADS.size() >= 4, "threads: " + ParallelFixtures.THREADS);

        List<Map<String, String>> tests = kit.testEntries();
        assertEquals(8, tests.size());
        for (String name : List.of("a()", "b()", "c()", "d()")) {
            long ms = cpuTime(kit.entry(name)).toMillis();
            assertTrue(ms >= 98 && ms < 200, "only the test's own thread, not its neighbours': " + kit.entry(name));
        }
        for (String name : List.of("e()", "f()", "g()", "h()")) {
            long ms = cpuTime(kit.entry(name)).toMillis();
            assertTrue(ms >= 59 && ms < 160, kit.entry(name).toString());
        }
        Map<String, String> cls = kit.entry("ParallelFixtures$Concurrent");
        assertClassIsTheSumOf(cls, tests);
        assertTrue(cpuTime(cls).toMillis() >= 4 * 100 + 4 * 60 - 2, cls.toString());
    }

    @Test
    void shouldCountANestedClassesTestsInTheEnclosingClass() {
        Kit kit = Kit.run(ParallelFixtures.WithNested.class);
        kit.assertAllPassed(3);
        Map<String, String> outer = kit.entry("outer()");
        Map<String, String> inner40 = kit.entry("inner40()");
        Map<String, String> inner20 = kit.entry("inner20()");
        assertClassIsTheSumOf(kit.entry("Inner"), List.of(inner40, inner20));
        assertClassIsTheSumOf(kit.entry("ParallelFixtures$WithNested"), List.of(outer, inner40, inner20));
    }
}
