/**
 * Micrometer binder ({@link io.github.energy4j.micrometer.EnergyMetrics}) and observation handler
 * ({@link io.github.energy4j.micrometer.EnergyObservationHandler}); they need micrometer-core, which brings
 * micrometer-observation, on the class path (an optional dependency).
 */
package io.github.energy4j.micrometer;
