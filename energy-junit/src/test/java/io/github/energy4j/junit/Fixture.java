package io.github.energy4j.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a class that the tests run through {@link Kit} (some of its tests fail on purpose): it is disabled in any
 * other run, an IDE's "run all tests" included.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyThroughKit.class)
@interface Fixture {

    /** Enabled when the run has {@link Kit#FIXTURES} set to {@code run}. */
    final class OnlyThroughKit implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(Kit.FIXTURES).filter("run"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the energy-junit tests")
                    : ConditionEvaluationResult.disabled("a fixture of the energy-junit tests, run through Kit");
        }
    }
}
