/**
 * Spring Boot auto-configuration: an {@link io.github.energy4j.EnergyMeter} bean configured by {@code energy4j.*},
 * the Micrometer binder bound to the application's registry, and the observation handler that gives every
 * observation (requests, clients, {@code @Observed} methods) an energy counter.
 */
package io.github.energy4j.spring;
