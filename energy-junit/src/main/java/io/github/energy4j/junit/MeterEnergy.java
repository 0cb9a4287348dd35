package io.github.energy4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Meters the energy of every test in the annotated class (or of the annotated test method), as
 * {@code @ExtendWith(EnergyExtension.class)} does; see {@link EnergyExtension} for what is reported.
 * <pre>{@code
 * @MeterEnergy
 * class CheckoutTest {
 *     @Test
 *     @EnergyBudget(joules = 2.0)
 *     void shouldPriceACartOfAThousandItems() { ... }
 * }
 * }</pre>
 *
 * <p>On a method only that method is metered, and no class figure is reported.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EnergyExtension.class)
public @interface MeterEnergy {
}
