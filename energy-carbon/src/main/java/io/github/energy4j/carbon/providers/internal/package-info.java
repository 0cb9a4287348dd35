/**
 * The built-in grid-intensity providers ({@code fixed}, {@code embedded}, {@code csv}, {@code electricitymaps},
 * {@code watttime}, {@code ukgrid}, {@code carbon-aware-sdk}), their response parsers, the HTTP client and the
 * refreshing cache {@link io.github.energy4j.carbon.providers.internal.LiveIntensity}. Exported only to the agent
 * (its CLI forecasts and reports); the providers are found through {@code provides} in module-info and
 * {@code META-INF/services}. Fetches and parsing run on a background thread or the command line; the cache's
 * look-ups, called on the sampler thread, are allocation-free.
 */
package io.github.energy4j.carbon.providers.internal;
