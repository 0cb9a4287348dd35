/**
 * Service-provider interfaces: {@link io.github.energy4j.spi.PowerSourceProvider} for power sources
 * and {@link io.github.energy4j.spi.WorkloadResolverProvider} for process-to-workload resolution.
 * Implementations register through {@code META-INF/services}.
 */
package io.github.energy4j.spi;
