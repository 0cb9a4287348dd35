/**
 * Whole-platform power from Linux hwmon: the ACPI power meter ({@code acpi_power_meter}) and PMBus
 * power-supply drivers.
 *
 * <p>Hot path ({@link io.github.energy4j.platform.hwmon.HwmonPowerSource#read(long[])}): allocation-free
 * after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.platform.hwmon;
