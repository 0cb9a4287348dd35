package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyScope;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** Tests that burn known amounts of CPU time, for {@link EnergyExtensionTest}. */
class MeteringFixtures {

    @Fixture
    @MeterEnergy
    static class Burns {

        @Test
        void burn200() {
            Burn.cpu(200);
        }

        @Test
        void burn50() {
            Burn.cpu(50);
        }

        @Test
        void sleep200() throws InterruptedException {
            Thread.sleep(200); // wall time, next to no CPU time
        }
    }

    @Fixture
    @MeterEnergy
    static class HeavyBeforeEach {

        @BeforeEach
        void setUp() {
            Burn.cpu(150);
        }

        @Test
        void burn50AfterA150MillisecondSetUp() {
            Burn.cpu(50);
        }
    }

    @Fixture
    @MeterEnergy
    static class Templates {

        @RepeatedTest(3)
        void burn30Thrice() {
            Burn.cpu(30);
        }

        @TestFactory
        Stream<DynamicTest> burns() {
            return Stream.of(DynamicTest.dynamicTest("dynamic40", () -> Burn.cpu(40)),
                    DynamicTest.dynamicTest("dynamic80", () -> Burn.cpu(80)));
        }
    }

    @Fixture
    @MeterEnergy
    static class SeparateThreadTimeout {

        @Test
        @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void burn100OnATimeoutThread() {
            assertTrue(Thread.currentThread().getName().startsWith("junit-timeout-thread"),
                    "runs on JUnit's timeout thread: " + Thread.currentThread().getName());
            EnergyScope s = EnergyScope.current().orElseThrow(() -> new AssertionError("no scope on "
                    + Thread.currentThread().getName()));
            assertTrue(s.name().endsWith("#burn100OnATimeoutThread()"), s.name());
            Burn.cpu(100);
        }
    }

    /** Metered only through auto-detection. */
    @Fixture
    static class Unannotated {

        @Test
        void burn20() {
            Burn.cpu(20);
        }
    }

    @Fixture
    static class MethodLevel {

        @Test
        @MeterEnergy
        void metered() {
            Burn.cpu(20);
        }

        @Test
        void notMetered() {
            assertEquals(java.util.Optional.empty(), EnergyScope.current());
        }
    }

    /** The summary's input: the order of the top list is known. */
    @Fixture
    @MeterEnergy
    static class ForTheSummary {

        @Test
        void burn30() {
            Burn.cpu(30);
        }

        @Test
        void burn240() {
            Burn.cpu(240);
        }

        @Test
        void burn120() {
            Burn.cpu(120);
        }

        @Test
        void failing() {
            Burn.cpu(60);
            assertNotEquals(1, 1, "fails on purpose, still metered");
        }
    }
}
