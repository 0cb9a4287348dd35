package io.github.energy4j.junit;

import static io.github.energy4j.junit.Kit.cpuTime;
import static io.github.energy4j.junit.Kit.joules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The per-test figures, on this host's real meter (a sensor, or the CPU model): CPU work is burnt by thread CPU
 * time, so the expected CPU times hold on a busy machine; joules are compared as ratios, since the price per
 * CPU-second depends on the host.
 */
class EnergyExtensionTest {

    private static long millis(Map<String, String> entry) {
        return cpuTime(entry).toMillis();
    }

    /** Joules per CPU-second of a test. */
    private static double price(Map<String, String> entry) {
        return joules(entry) / (cpuTime(entry).toNanos() * 1e-9);
    }

    @Test
    void shouldReportCpuTimeAndJoulesInProportionToTheWorkOfEachTest() {
        Kit kit = Kit.run(MeteringFixtures.Burns.class);
        kit.assertAllPassed(3);
        Map<String, String> b200 = kit.entry("burn200()");
        Map<String, String> b50 = kit.entry("burn50()");

        assertTrue(millis(b200) >= 190 && millis(b200) < 400, "burn200: " + b200);
        assertTrue(millis(b50) >= 48 && millis(b50) < 150, "burn50: " + b50);
        assertNotEquals("unavailable", b200.get(EnergyExtension.PROVENANCE), b200.toString());
        assertEquals(b200.get(EnergyExtension.PROVENANCE), b50.get(EnergyExtension.PROVENANCE));
        assertTrue(joules(b50) > 0, "burn50: " + b50);
        // the same price per CPU-second on one host, so four times the CPU time is about four times the energy
        assertEquals(1.0, price(b200) / price(b50), 0.35, b200 + " vs " + b50);
        double ratio = joules(b200) / joules(b50);
        assertTrue(ratio > 2.5 && ratio < 6.0, "joules of burn200 / burn50 = " + ratio);
        assertEquals(0.0, Double.parseDouble(b200.get(EnergyExtension.GPU_JOULES)), 1e-9, "no GPU work");
        assertTrue(Duration.parse(b200.get(EnergyExtension.ELAPSED)).compareTo(cpuTime(b200)) >= 0,
                "wall time covers the test's own CPU time: " + b200);
        assertFalse(b200.containsKey(EnergyExtension.BUDGET_JOULES), "no budget declared: " + b200);
    }

    @Test
    void shouldChargeCpuTimeNotWallTime() {
        Kit kit = Kit.run(MeteringFixtures.Burns.class);
        Map<String, String> sleep = kit.entry("sleep200()");
        Map<String, String> b50 = kit.entry("burn50()");
        assertTrue(millis(sleep) < 30, "a 200 ms sleep uses next to no CPU: " + sleep);
        assertTrue(Duration.parse(sleep.get(EnergyExtension.ELAPSED)).toMillis() >= 195, sleep.toString());
        assertTrue(millis(sleep) < millis(b50), "the burn is charged more CPU than the sleep: " + sleep + " vs " + b50);
        // joules are that CPU time at the interval's price, which an estimated node can put near 0 J per CPU-second
        // when the model saw no active power in the interval: ordered, not necessarily apart
        assertTrue(joules(sleep) <= joules(b50), sleep + " vs " + b50);
    }

    @Test
    void shouldLeaveBeforeEachMethodsOutOfTheTestsFigure() {
        Kit kit = Kit.run(MeteringFixtures.HeavyBeforeEach.class);
        kit.assertAllPassed(1);
        Map<String, String> e = kit.entry("burn50AfterA150MillisecondSetUp()");
        assertTrue(millis(e) >= 48 && millis(e) < 150, "the 150 ms set-up is not the test's: " + e);
    }

    @Test
    void shouldMeterEachRepetitionAndEachDynamicTestButNotTheFactory() {
        Kit kit = Kit.run(MeteringFixtures.Templates.class);
        kit.assertAllPassed(5);
        for (int i = 1; i <= 3; i++) {
            Map<String, String> e = kit.entry("repetition " + i + " of 3");
            assertTrue(millis(e) >= 29 && millis(e) < 120, e.toString());
        }
        Map<String, String> d40 = kit.entry("dynamic40");
        Map<String, String> d80 = kit.entry("dynamic80");
        assertTrue(millis(d40) >= 39 && millis(d40) < 120, d40.toString());
        assertTrue(millis(d80) >= 78 && millis(d80) < 160, d80.toString());
        assertEquals(List.of(), kit.entries("burns()"), "the factory method only builds the tests");
        assertEquals(List.of(), kit.entries("burn30Thrice()"), "the template container is no test");
    }

    @Test
    void shouldMeterATestThatASeparateThreadTimeoutRunsOnItsOwnThread() {
        Kit kit = Kit.run(MeteringFixtures.SeparateThreadTimeout.class);
        kit.assertAllPassed(1); // the fixture checks its thread and that its scope is current there
        Map<String, String> e = kit.entry("burn100OnATimeoutThread()");
        assertTrue(millis(e) >= 98 && millis(e) < 250, e.toString());
    }

    @Test
    void shouldMeterEveryTestWhenAutoDetectionIsOn() {
        Kit off = Kit.run(MeteringFixtures.Unannotated.class);
        off.assertAllPassed(1);
        assertEquals(Map.of(), off.all(), "not registered, nothing reported");

        Kit on = Kit.run(MeteringFixtures.Unannotated.class, "junit.jupiter.extensions.autodetection.enabled",
                "true");
        on.assertAllPassed(1);
        assertTrue(millis(on.entry("burn20()")) >= 19, on.all().toString());
        assertEquals("1", on.entry("MeteringFixtures$Unannotated").get(EnergyExtension.TESTS),
                "a global registration reports classes too");

        Kit both = Kit.run(MeteringFixtures.Burns.class, "junit.jupiter.extensions.autodetection.enabled", "true");
        both.assertAllPassed(3);
        assertTrue(millis(both.entry("burn200()")) >= 190, "auto-detected and declared: metered once");
        assertEquals("3", both.entry("MeteringFixtures$Burns").get(EnergyExtension.TESTS));
    }

    @Test
    void shouldMeterOnlyTheAnnotatedMethodAndReportNoClassFigureForAMethodLevelRegistration() {
        Kit kit = Kit.run(MeteringFixtures.MethodLevel.class);
        kit.assertAllPassed(2); // notMetered checks it has no scope
        assertTrue(millis(kit.entry("metered()")) >= 19);
        assertEquals(List.of(), kit.entries("notMetered()"));
        assertEquals(List.of(), kit.entries("MeteringFixtures$MethodLevel"));
    }

    @Test
    void shouldChargeWorkHandedToAPoolThroughTheTestsScope() {
        Kit kit = Kit.run(PropagationFixtures.HandsWorkToAPool.class);
        kit.assertAllPassed(4); // the fixtures check that EnergyScope.current() is the test's scope
        Map<String, String> propagating = kit.entry("propagatingExecutor()");
        Map<String, String> chain = kit.entry("completableFutureOnAPropagatingExecutor()");
        Map<String, String> wrapped = kit.entry("wrappedTask()");
        Map<String, String> unwrapped = kit.entry("unwrappedTask()");
        assertTrue(millis(propagating) >= 148, "the pool thread's 150 ms are the test's: " + propagating);
        assertTrue(millis(chain) >= 148, "both 75 ms stages are the test's: " + chain);
        assertTrue(millis(wrapped) >= 148, "the wrapped task's 150 ms are the test's: " + wrapped);
        assertTrue(millis(unwrapped) < 50, "work on a thread that does not work for the test is not charged: "
                + unwrapped);
        assertTrue(joules(wrapped) > 2 * joules(unwrapped), wrapped + " vs " + unwrapped);
    }

    @Test
    void shouldFailEveryMeteredTestWithTheParameterAndTheAllowedValuesWhenTheConfigurationIsWrong() {
        Kit kit = Kit.run(MeteringFixtures.Burns.class, Settings.SUMMARY_TOP, "-3");
        assertEquals(3, kit.results.testEvents().failed().count());
        Throwable t = kit.failure("burn50()");
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().contains("energy4j.junit.summary.top is '-3'; allowed: a whole number >= 0"),
                t.getMessage());

        Throwable unavailable = Kit.run(MeteringFixtures.Burns.class, Settings.BUDGET_UNAVAILABLE, "ignore")
                .failure("burn50()");
        assertTrue(unavailable.getMessage().contains("energy4j.junit.budget.unavailable is 'ignore'; allowed: fail "
                + "or skip"), unavailable.getMessage());

        Throwable meter = Kit.run(MeteringFixtures.Burns.class, Settings.METER, "com.example.NoSuchMeter")
                .failure("burn50()");
        assertTrue(meter.getMessage().contains("class 'com.example.NoSuchMeter' not found; energy4j.junit.meter "
                + "names a public class"), meter.getMessage());
    }

    @Test
    void shouldUseTheMeterOfTheConfiguredSupplier() {
        Kit kit = Kit.run(MeteringFixtures.Burns.class, Settings.METER, BudgetFixtures.NoSources.class.getName());
        kit.assertAllPassed(3); // unavailable energy fails budgets only
        Map<String, String> e = kit.entry("burn50()");
        assertEquals("unavailable", e.get(EnergyExtension.PROVENANCE), "a meter without sources: " + e);
        assertEquals("NaN", e.get(EnergyExtension.JOULES));
        assertTrue(millis(e) >= 48, "CPU time is known without a price: " + e);
    }
}
