/**
 * Whole-platform power from a BMC over IPMI: DCMI Get Power Reading or a named SDR power sensor,
 * through {@code ipmitool} in-band ({@code /dev/ipmi0}) or over the LAN (RMCP+).
 *
 * <p>The BMC is queried on a daemon thread with a process timeout;
 * {@link io.github.energy4j.platform.ipmi.IpmiPowerSource#read(long[])} only copies the cached value
 * (allocation-free after warm-up; single writer, the sampler thread).
 */
package io.github.energy4j.platform.ipmi;
