/**
 * The grid-intensity provider SPI: implement {@link io.github.energy4j.carbon.providers.IntensityProvider}, register
 * it in {@code module-info} ({@code provides}) and {@code META-INF/services}, and find providers with
 * {@link io.github.energy4j.carbon.providers.IntensityProviders}. A provider is configured with a
 * {@link io.github.energy4j.carbon.providers.ProviderConfig} (credentials as
 * {@link io.github.energy4j.carbon.providers.Secret}s) and answers a probe with a
 * {@link io.github.energy4j.carbon.providers.ProviderProbe}. The built-in providers live in a non-exported package
 * and are reached only through this SPI.
 */
package io.github.energy4j.carbon.providers;
