/**
 * The JUnit 5 extension: {@link io.github.energy4j.junit.MeterEnergy @MeterEnergy} (or
 * {@code @ExtendWith(EnergyExtension.class)}) meters each test,
 * {@link io.github.energy4j.junit.EnergyBudget @EnergyBudget} fails a test that uses more energy than allowed. Not on any hot path: one scope per test.
 */
package io.github.energy4j.junit;
