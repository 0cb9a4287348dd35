/**
 * Helpers shared by the platform sources; not part of the public API.
 *
 * <p>{@link io.github.energy4j.platform.internal.BackgroundPoller} keeps remote readings (BMC,
 * Redfish) off the sampler thread: a daemon thread fetches, the sampler copies the last fresh value.
 */
package io.github.energy4j.platform.internal;
