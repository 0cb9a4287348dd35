package io.github.energy4j.junit;

import static io.github.energy4j.junit.Kit.joules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class EnergyBudgetTest {

    @Test
    void shouldFailATestOverItsBudgetNamingTheMeasuredJoulesTheirProvenanceAndTheBudget() {
        Kit kit = Kit.run(BudgetFixtures.MethodBudgets.class);
        Map<String, String> over = kit.entry("overBudget()");
        Throwable t = kit.failure("overBudget()");
        assertInstanceOf(AssertionFailedError.class, t);
        String m = t.getMessage();
        assertTrue(joules(over) > BudgetFixtures.TINY, over.toString());
        assertTrue(m.startsWith("energy budget exceeded: " + BudgetFixtures.MethodBudgets.class.getName() + "#overBudget() used "
                + over.get(EnergyExtension.JOULES) + " J (" + over.get(EnergyExtension.PROVENANCE) + "; CPU time "
                + over.get(EnergyExtension.CPU_TIME) + ", GPU 0.000000 J) but its @EnergyBudget allows 1.0E-6 J"),
                m);
        assertTrue(m.endsWith("raise the budget on " + BudgetFixtures.MethodBudgets.class.getName() + "#overBudget"), m);
        assertEquals("1.0E-6", over.get(EnergyExtension.BUDGET_JOULES));
    }

    @Test
    void shouldPassATestUnderItsBudgetAndReportTheBudget() {
        Kit kit = Kit.run(BudgetFixtures.MethodBudgets.class);
        kit.assertPassed("underBudget()");
        Map<String, String> under = kit.entry("underBudget()");
        assertTrue(joules(under) > 0 && joules(under) < 1000, under.toString());
        assertEquals("1000.0", under.get(EnergyExtension.BUDGET_JOULES));
        kit.assertPassed("noBudget()");
    }

    @Test
    void shouldKeepTheTestsOwnFailureOverItsBudget() {
        Kit kit = Kit.run(BudgetFixtures.MethodBudgets.class);
        Throwable t = kit.failure("failsOnItsOwnAndOverBudget()");
        assertEquals("the test's own failure", t.getMessage());
        assertTrue(joules(kit.entry("failsOnItsOwnAndOverBudget()")) > BudgetFixtures.TINY, "still metered");
    }

    @Test
    void shouldApplyTheNearestBudgetTheMethodsOverItsClassesAndAnEnclosingClassesToNestedTests() {
        Kit kit = Kit.run(BudgetFixtures.ClassBudget.class);
        String own = kit.failure("inheritsTheClassBudget()").getMessage();
        assertTrue(own.contains("allows 1.0E-6 J; make the test cheaper or raise the budget on class "
                + BudgetFixtures.ClassBudget.class.getName()), own);
        kit.assertPassed("methodBudgetWins()");
        assertEquals("1000.0", kit.entry("methodBudgetWins()").get(EnergyExtension.BUDGET_JOULES));
        String nested = kit.failure("inheritsTheEnclosingClassBudget()").getMessage();
        assertTrue(nested.startsWith("energy budget exceeded: " + BudgetFixtures.ClassBudget.Inner.class.getName()
                + "#inheritsTheEnclosingClassBudget() used "), nested);
        assertTrue(nested.endsWith("on class " + BudgetFixtures.ClassBudget.class.getName()), nested);
    }

    @Test
    void shouldRegisterTheExtensionWithABudgetAlone() {
        Kit kit = Kit.run(BudgetFixtures.BudgetOnly.class);
        kit.assertAllPassed(1);
        assertEquals("1000.0", kit.entry("budgetAlone()").get(EnergyExtension.BUDGET_JOULES));
        assertTrue(Kit.cpuTime(kit.entry("budgetAlone()")).toMillis() >= 19);
    }

    @Test
    void shouldRefuseABudgetThatIsNotAPositiveNumberBeforeRunningTheTest() {
        Kit kit = Kit.run(BudgetFixtures.InvalidBudget.class);
        Throwable t = kit.failure("negativeBudget()");
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith("@EnergyBudget(joules = -1.0) on "), t.getMessage());
        assertTrue(t.getMessage().endsWith("negativeBudget(): the budget must be a positive, finite number of "
                + "joules"), t.getMessage());
        assertEquals(Map.of(), kit.all(), "not run, not metered");
    }

    @Test
    void shouldFailABudgetedTestWhoseEnergyIsUnavailableByDefault() {
        Kit kit = Kit.run(BudgetFixtures.Unavailable.class, Settings.METER, BudgetFixtures.NoSources.class.getName());
        Throwable t = kit.failure("budgetWithoutAFigure()");
        assertInstanceOf(AssertionFailedError.class, t);
        assertEquals("energy budget of 1000.0 J cannot be checked for " + BudgetFixtures.Unavailable.class.getName()
                + "#budgetWithoutAFigure(): its energy reading is unavailable (no CPU price could be established: run "
                + "'energy4j doctor' to see what can be measured on this host); set "
                + "energy4j.junit.budget.unavailable=skip to report such tests as skipped instead of failed",
                t.getMessage());
        assertEquals("unavailable", kit.entry("budgetWithoutAFigure()").get(EnergyExtension.PROVENANCE));
    }

    @Test
    void shouldReportABudgetedTestWhoseEnergyIsUnavailableAsSkippedWhenConfigured() {
        Kit kit = Kit.run(BudgetFixtures.Unavailable.class, Settings.METER, BudgetFixtures.NoSources.class.getName(),
                Settings.BUDGET_UNAVAILABLE, "skip");
        TestExecutionResult r = kit.result("budgetWithoutAFigure()");
        assertEquals(TestExecutionResult.Status.ABORTED, r.getStatus());
        Throwable t = r.getThrowable().orElseThrow();
        assertInstanceOf(TestAbortedException.class, t);
        assertTrue(t.getMessage().endsWith("; skipped as energy4j.junit.budget.unavailable=skip asks"),
                t.getMessage());
    }
}
