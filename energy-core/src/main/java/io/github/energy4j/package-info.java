/**
 * The public metering API: {@link io.github.energy4j.EnergyMeter}, {@link io.github.energy4j.EnergyScope},
 * and the snapshot records it returns. Every figure says where it came from
 * ({@link io.github.energy4j.Provenance}, source id, zone).
 */
package io.github.energy4j;
