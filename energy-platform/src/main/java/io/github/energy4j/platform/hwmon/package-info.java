/**
 * Power from Linux hwmon: whole-platform power from the ACPI power meter ({@code acpi_power_meter}) and PMBus
 * power-supply drivers ({@code hwmon}); CPU power where RAPL is absent from {@code amd_energy}, {@code zenpower},
 * NVIDIA Grace's socket meters and CPU-labelled sensors ({@code hwmon-cpu}).
 *
 * <p>Hot path ({@link io.github.energy4j.platform.hwmon.HwmonPowerSource#read(long[])}): allocation-free
 * after warm-up; single writer (the sampler thread).
 */
package io.github.energy4j.platform.hwmon;
