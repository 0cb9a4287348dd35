package io.github.energy4j.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The {@link EnergyBudget} that applies to a test, and its check.
 *
 * @param joules     the budget
 * @param declaredOn the method or class that declares it
 */
record Budget(double joules, AnnotatedElement declaredOn) {

    /**
     * The nearest budget: the test method's, else its class's (superclasses included), else an enclosing class's.
     *
     * @throws ExtensionConfigurationException when the nearest budget is not a positive, finite number
     */
    static Optional<Budget> of(ExtensionContext context) {
        for (ExtensionContext c = context; c.getParent().isPresent(); c = c.getParent().get()) {
            Optional<AnnotatedElement> element = c.getElement();
            if (element.isEmpty()) {
                continue; // a dynamic test: its factory method's context comes next
            }
            Optional<EnergyBudget> b = AnnotationSupport.findAnnotation(element.get(), EnergyBudget.class);
            if (b.isPresent()) {
                double j = b.get().joules();
                if (!(j > 0) || Double.isInfinite(j)) {
                    throw new ExtensionConfigurationException("@EnergyBudget(joules = " + j + ") on " + element.get()
                            + ": the budget must be a positive, finite number of joules");
                }
                return Optional.of(new Budget(j, element.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Passes when the test used at most the budget.
     *
     * @throws AssertionFailedError over budget, or when the energy is unavailable and {@code skipUnavailable} is
     *                              false
     * @throws TestAbortedException when the energy is unavailable and {@code skipUnavailable} is true
     */
    void check(TestEnergy test, boolean skipUnavailable) {
        double j = test.joules();
        if (Double.isNaN(j)) {
            unavailable(test.name(), "its energy reading is unavailable (no CPU price could be established: run "
                    + "'energy4j doctor' to see what can be measured on this host)", skipUnavailable);
            return;
        }
        if (j > joules) {
            throw new AssertionFailedError("energy budget exceeded: " + test.name() + " used "
                    + TestEnergy.joules(j) + " J (" + test.provenance() + "; CPU time " + test.reading().cpuTime()
                    + ", GPU " + TestEnergy.joules(test.reading().gpuJoules()) + " J) but its @EnergyBudget allows "
                    + joules + " J; make the test cheaper or raise the budget on " + describe(declaredOn));
        }
    }

    /** The check when no meter could be opened at all. */
    void unmetered(String testName, String reason, boolean skipUnavailable) {
        unavailable(testName, "no energy meter could be opened (" + reason + ")", skipUnavailable);
    }

    private void unavailable(String testName, String why, boolean skip) {
        String msg = "energy budget of " + joules + " J cannot be checked for " + testName + ": " + why;
        if (skip) {
            throw new TestAbortedException(msg + "; skipped as " + Settings.BUDGET_UNAVAILABLE + "=skip asks");
        }
        throw new AssertionFailedError(msg + "; set " + Settings.BUDGET_UNAVAILABLE
                + "=skip to report such tests as skipped instead of failed");
    }

    private static String describe(AnnotatedElement e) {
        if (e instanceof Class<?>) {
            return "class " + ((Class<?>) e).getName();
        }
        if (e instanceof java.lang.reflect.Method) {
            java.lang.reflect.Method m = (java.lang.reflect.Method) e;
            return m.getDeclaringClass().getName() + "#" + m.getName();
        }
        return e.toString();
    }
}
