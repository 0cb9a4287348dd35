/**
 * One JSON tree reader for the cold paths of every module (configuration files, REST answers of Redfish,
 * carbon-intensity APIs, Prometheus, the Kubernetes scheduler): strict RFC 8259 parsing with a depth and a
 * size limit, and typed accessors with one convention for missing and mistyped values. Exported only to our
 * own modules; not part of the public API. Never used on the sampler's hot path.
 */
package io.github.energy4j.internal.json;
