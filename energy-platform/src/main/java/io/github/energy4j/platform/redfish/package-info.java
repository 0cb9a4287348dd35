/**
 * Whole-platform power from a BMC's Redfish service: {@code Chassis/{id}/EnvironmentMetrics}
 * {@code PowerWatts.Reading}, then the input power of the {@code Chassis/{id}/PowerSubsystem} power
 * supplies, falling back to the deprecated {@code Chassis/{id}/Power}
 * {@code PowerControl[].PowerConsumedWatts}.
 *
 * <p>HTTPS requests run on a daemon thread; {@link io.github.energy4j.platform.redfish.RedfishPowerSource#read(long[])}
 * only copies cached values (allocation-free after warm-up; single writer, the sampler thread).
 */
package io.github.energy4j.platform.redfish;
