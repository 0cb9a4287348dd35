package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.energy4j.EnergyMeter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tests with energy budgets, for {@link EnergyBudgetTest}. */
class BudgetFixtures {

    /** Far below what 100 ms of CPU costs on any machine. */
    static final double TINY = 1e-6;

    @Fixture
    @MeterEnergy
    static class MethodBudgets {

        @Test
        @EnergyBudget(joules = TINY)
        void overBudget() {
            Burn.cpu(100);
        }

        @Test
        @EnergyBudget(joules = 1000)
        void underBudget() {
            Burn.cpu(20);
        }

        @Test
        @EnergyBudget(joules = TINY)
        void failsOnItsOwnAndOverBudget() {
            Burn.cpu(50);
            fail("the test's own failure");
        }

        @Test
        void noBudget() {
            Burn.cpu(20);
        }
    }

    @Fixture
    @EnergyBudget(joules = TINY)
    static class ClassBudget {

        @Test
        void inheritsTheClassBudget() {
            Burn.cpu(50);
        }

        @Test
        @EnergyBudget(joules = 1000)
        void methodBudgetWins() {
            Burn.cpu(50);
        }

        @Nested
        class Inner {

            @Test
            void inheritsTheEnclosingClassBudget() {
                Burn.cpu(50);
            }
        }
    }

    /** Only a budget: it registers the extension. */
    @Fixture
    static class BudgetOnly {

        @Test
        @EnergyBudget(joules = 1000)
        void budgetAlone() {
            Burn.cpu(20);
        }
    }

    @Fixture
    static class InvalidBudget {

        @Test
        @EnergyBudget(joules = -1)
        void negativeBudget() {
            Burn.cpu(1);
        }
    }

    /** Run with {@link NoSources} as the meter: every reading is unavailable. */
    @Fixture
    static class Unavailable {

        @Test
        @EnergyBudget(joules = 1000)
        void budgetWithoutAFigure() {
            Burn.cpu(20);
        }
    }

    /** A real meter with no power source: no price, so every scope reads unavailable. */
    public static final class NoSources implements Supplier<EnergyMeter> {

        @Override
        public EnergyMeter get() {
            return EnergyMeter.builder().providers(List.of()).workloadResolvers(false).build();
        }
    }
}
