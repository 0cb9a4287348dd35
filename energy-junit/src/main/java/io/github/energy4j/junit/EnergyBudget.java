package io.github.energy4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The most energy a test may use: CPU plus GPU joules of the test method's invocation
 * ({@link io.github.energy4j.EnergyReading#joules()}), lifecycle methods not included. A test that
 * passes but used more fails with an {@link org.opentest4j.AssertionFailedError} naming the measured joules,
 * their provenance and the budget; a test that fails on its own keeps its own failure.
 *
 * <p>On a method it applies to that method (each invocation of a repeated or parameterized test, each dynamic
 * test of a factory); on a class to every test in it, in its subclasses and in its {@code @Nested} classes.
 * The nearest one wins: the method's over its class's, a nested class's over its enclosing class's.
 *
 * <p>When the energy cannot be measured (the reading is unavailable), the test fails by default with the reason;
 * the configuration parameter {@code energy4j.junit.budget.unavailable=skip} reports it as skipped instead.
 * The annotation registers {@link EnergyExtension} itself; {@link MeterEnergy} is not needed with it.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EnergyExtension.class)
public @interface EnergyBudget {

    /** The budget in joules; a positive, finite number. */
    double joules();
}
